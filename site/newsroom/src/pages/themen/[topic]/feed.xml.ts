import type { TopicId } from '@newsroom/domain/topics.ts';
import type { APIContext, GetStaticPaths } from 'astro';
import { rssResponse } from '../../../lib/feeds.ts';
import { scopeFeed, topicScopes } from '../../../lib/scopes.ts';

export const getStaticPaths = (() => topicScopes().map((s) => ({ params: { topic: s.id } }))) satisfies GetStaticPaths;

export const GET = async ({ params, site }: APIContext) => rssResponse(await scopeFeed({ kind: 'topic', id: params.topic as TopicId }, site!));
