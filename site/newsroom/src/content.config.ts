import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

/**
 * Trusted, version-controlled pages (Impressum, Datenschutz, Barrierefreiheit).
 * MDX lives in the repository's top-level `content/pages/`, reviewed in git;
 * the schema is the specification of its frontmatter.
 */
const pages = defineCollection({
  loader: glob({ pattern: '*.mdx', base: '../../content/pages' }),
  schema: z.object({
    title: z.string().min(3),
    /** Shown as the page's meta description. */
    description: z.string().min(20).max(200),
    /** The label in the footer navigation. */
    navLabel: z.string().min(3).max(30),
    /** Position in the footer navigation, ascending. */
    order: z.number().int().min(0),
    /** Date of the last editorial review, shown on the page ("Stand"). */
    updated: z.coerce.date(),
  }).strict(),
});

export const collections = { pages };
