import type { Context } from '../context.ts';
import { h } from '../dom.ts';
import { releasesHref } from './common.ts';

/**
 * The press-release screens under `#/pressemitteilungen`:
 *   ''                  the lists (press office: queues and the Sperrfrist calendar; partners: their own)
 *   /neu                new release
 *   /{id}               one release: preview, actions, corrections, audit
 *   /{id}/bearbeiten    edit form (after publication: the correction, with its note)
 *   /{id}/zeitplan      Sperrfrist and end of publication (press office)
 *   /{id}/fotos         its photos: upload, describe, lead picture (the photo screens' chunk)
 */
export async function releasesScreen(ctx: Context, path: string): Promise<void> {
  let m: RegExpExecArray | null;
  // Each screen loads on demand: the lists need no Markdown renderer, the form and the detail do.
  if (path === '' || path === '/') return (await import('./list.ts')).releaseList(ctx);
  if (path === '/neu') return (await import('./form.ts')).releaseForm(ctx);
  if ((m = /^\/([a-z0-9]{1,64})\/?$/.exec(path))) return (await import('./detail.ts')).releaseDetail(ctx, m[1]!);
  if ((m = /^\/([a-z0-9]{1,64})\/bearbeiten\/?$/.exec(path))) return (await import('./form.ts')).releaseForm(ctx, m[1]!);
  if ((m = /^\/([a-z0-9]{1,64})\/zeitplan\/?$/.exec(path))) return (await import('./schedule.ts')).scheduleForm(ctx, m[1]!);
  if ((m = /^\/([a-z0-9]{1,64})\/fotos\/?$/.exec(path))) return (await import('../photos/index.ts')).releasePhotosScreen(ctx, m[1]!);
  return ctx.show(
    'Seite nicht gefunden',
    h('p', {}, 'Diese Adresse gibt es bei den Pressemitteilungen nicht.'),
    h('p', {}, h('a', { href: releasesHref() }, 'Zu den Pressemitteilungen')),
  );
}
