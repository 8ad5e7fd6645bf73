import type { LiveSite, SitePaths } from './plan.ts';
import { fileOf } from './renderer.ts';

/** A page file before and after a publish (undefined: no such page). */
export interface PageFileChange {
  file: string;
  before?: string;
  after?: string;
}

const IMAGE_REF = /\/(_astro\/[^"'\s),<>]+\.(?:jpe?g|png|webp|avif|gif))/g;

/** The optimised images (files under _astro/) a page refers to. */
export function imagesIn(html: string | undefined): Set<string> {
  return new Set(html ? [...html.matchAll(IMAGE_REF)].map((m) => decodeURI(m[1]!)) : []);
}

/**
 * Which pages of the live site refer to which optimised image. A full build emits an
 * image variant only while a page uses it; when the last page using one changes or
 * goes (a release taken down with its photo), the incremental publisher removes it too,
 * so the site stays the full build's, file by file.
 *
 * Built on first need by reading every page of the live site once, then kept up to
 * date from the pages each publish writes. The
 * need is rare: only a change that drops an image from a page asks. If a publish
 * fails, `forget()` drops the index and the next need reads the site again.
 */
export class ImageReferences {
  private index: Promise<Map<string, Set<string>>> | undefined;

  /** Images no page refers to after `changes` (not yet recorded: see commit). */
  async orphans(live: LiveSite, livePaths: SitePaths, changes: readonly PageFileChange[]): Promise<string[]> {
    const dropped = new Set<string>();
    for (const c of changes) {
      const after = imagesIn(c.after);
      for (const image of imagesIn(c.before)) if (!after.has(image)) dropped.add(image);
    }
    if (dropped.size === 0) return [];
    const index = await this.load(live, livePaths);
    const changed = new Map(changes.map((c) => [c.file, c]));
    return [...dropped]
      .filter((image) => {
        const users = [...(index.get(image) ?? [])].filter((file) => !changed.has(file));
        return users.length === 0 && !changes.some((c) => imagesIn(c.after).has(image));
      })
      .sort();
  }

  /** Records a publish that went live. */
  commit(changes: readonly PageFileChange[]): void {
    if (!this.index) return;
    const index = this.index;
    this.index = index.then((map) => {
      for (const c of changes) {
        for (const image of imagesIn(c.before)) map.get(image)?.delete(c.file);
        for (const image of imagesIn(c.after)) map.set(image, (map.get(image) ?? new Set()).add(c.file));
      }
      return map;
    });
  }

  forget(): void {
    this.index = undefined;
  }

  private load(live: LiveSite, livePaths: SitePaths): Promise<Map<string, Set<string>>> {
    this.index ??= (async () => {
      const map = new Map<string, Set<string>>();
      const files = [...livePaths].filter(([, route]) => route.type === 'page').map(([path, route]) => fileOf(path, route));
      for (let i = 0; i < files.length; i += 64) {
        await Promise.all(
          files.slice(i, i + 64).map(async (file) => {
            for (const image of imagesIn((await live.read(file))?.toString('utf8'))) map.set(image, (map.get(image) ?? new Set()).add(file));
          }),
        );
      }
      return map;
    })();
    const loading = this.index;
    loading.catch(() => {
      if (this.index === loading) this.index = undefined;
    });
    return loading;
  }
}
