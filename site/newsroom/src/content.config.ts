import { defineCollection, type SchemaContext } from 'astro:content';
import { readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { glob, type Loader } from 'astro/loaders';
import { z } from 'astro/zod';

/**
 * Trusted, version-controlled content from the repository's top-level `content/`,
 * reviewed in git. Each schema is the specification of its files: a missing or
 * unknown field fails the build, so a typo never reaches the public site.
 */

/** Legal and service pages (Impressum, Datenschutz, Barrierefreiheit, Leichte Sprache), MDX. */
const pages = defineCollection({
  loader: glob({ pattern: '*.mdx', base: '../../content/pages' }),
  schema: z
    .object({
      title: z.string().min(3),
      /** Shown as the page's meta description. */
      description: z.string().min(20).max(200),
      /** The label in the footer navigation. */
      navLabel: z.string().min(3).max(30),
      /** Position in the footer navigation, ascending. */
      order: z.number().int().min(0),
      /** Date of the last editorial review, shown on the page ("Stand"). */
      updated: z.coerce.date(),
    })
    .strict(),
});

/** The standing text about the programme at the end of every press release and on the press page. */
const boilerplate = defineCollection({
  loader: glob({ pattern: 'boilerplate.md', base: '../../content' }),
  schema: z
    .object({
      title: z.string().min(10).max(80),
      updated: z.coerce.date(),
    })
    .strict(),
});

/**
 * The contacts page's title and text; the press office's contacts themselves come from the
 * organisation settings in the store (site/newsroom/src/pages/presse/kontakt/), like the legal pages'.
 */
const contacts = defineCollection({
  loader: glob({ pattern: 'press-contacts.md', base: '../../content' }),
  schema: z.object({ title: z.string().min(5) }).strict(),
});

/**
 * The county's word mark in the header (`content/branding/`): a file the county replaces
 * with its own, named in branding.json. The shipped one is a neutral placeholder.
 */
const branding = defineCollection({
  loader: glob({ pattern: 'branding.json', base: '../../content/branding' }),
  schema: ({ image }: SchemaContext) =>
    z
      .object({
        note: z.string(),
        logo: image(),
        /** What a screen reader says for the word mark: the county's name. */
        alt: z.string().min(3).max(80),
        /** Height in CSS pixels in the header; the width follows the file's aspect ratio. */
        height: z.number().int().min(24).max(96),
      })
      .strict(),
});

const LIBRARY = '../../content/media/library.json';

const LibraryImage = z
  .object({
    file: z.string().regex(/^[a-z0-9-]+\.(jpg|jpeg|png|webp)$/),
    /** What the image is called on the press page. */
    title: z.string().min(3).max(80),
    /** The alt text the editor suggests; a release sets its own. */
    alt: z.string().min(10).max(300),
    credit: z.string().min(2).max(120),
    licence: z.string().min(10).max(300),
  })
  .strict();

/**
 * The media library (`content/media/`): the only images a press release can show.
 * A loader of its own because every entry also needs its file's size in bytes (the
 * feeds' enclosures must say it) and a build must fail when a listed file is missing.
 */
function mediaLibrary(): Loader {
  return {
    name: 'media-library',
    async load({ config, store, parseData, logger }) {
      const manifest = fileURLToPath(new URL(LIBRARY, config.root));
      const { images } = z.object({ note: z.string(), images: z.array(LibraryImage).min(1) }).parse(JSON.parse(await readFile(manifest, 'utf8')));
      store.clear();
      for (const entry of images) {
        const path = join(manifest, '..', entry.file);
        const bytes = (
          await stat(path).catch(() => {
            throw new Error(`content/media/library.json lists ${entry.file}, but the file is missing`);
          })
        ).size;
        const data = await parseData({ id: entry.file, data: { ...entry, image: `./${entry.file}`, bytes, path }, filePath: manifest });
        store.set({ id: entry.file, data, filePath: relative(fileURLToPath(config.root), manifest) });
      }
      logger.info(`${images.length} images in the media library`);
    },
  };
}

const media = defineCollection({
  loader: mediaLibrary(),
  schema: ({ image }: SchemaContext) =>
    LibraryImage.extend({
      image: image(),
      bytes: z.number().int().positive(),
      /** Absolute path of the original, copied byte for byte to /medien/<file>. */
      path: z.string(),
    }),
});

export const collections = { pages, boilerplate, contacts, branding, media };
