import * as z from 'zod/mini';
import { Role } from '../actor.ts';
import { Municipality } from '../municipalities.ts';
import { PartnerId } from '../partners.ts';
import { StoryStatus } from '../story.ts';
import { TopicId } from '../topics.ts';
import { StoryAction } from '../workflow.ts';

/** Reference data for the editor's forms, from the domain's single definitions. */
export const Meta = z.object({
  partners: z.array(z.object({ id: PartnerId, name: z.string(), short: z.string() })),
  municipalities: z.array(Municipality),
  topics: z.array(z.object({ id: TopicId, label: z.string() })),
  roles: z.array(z.object({ id: Role, label: z.string() })),
  statuses: z.array(z.object({ id: StoryStatus, label: z.string() })),
  actions: z.record(StoryAction, z.string()),
  teaserMax: z.number().check(z.int()),
});
export type Meta = z.infer<typeof Meta>;

/** This API's own description, OpenAPI 3.1 (functions/http/openapi.ts). */
export const OpenApiDocument = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});
