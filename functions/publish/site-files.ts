import { access, mkdir, readdir, readFile, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LiveSite } from './plan.ts';

/**
 * The files of a site that a publish writes: the site bucket (lambda/site-bucket.ts) or
 * a folder (a copy of the live build locally; the bucket's stand-in when the Lambda runs
 * here). Paths are the site's files from its root ("geschichten/x/index.html").
 */
export interface SiteFiles extends LiveSite {
  put(file: string, body: Buffer): Promise<void>;
  delete(files: string[]): Promise<void>;
}

/**
 * A folder as site files. A file is replaced, never written through: the local build
 * folder is a copy of the live one made of hard links, which share their bytes with it.
 */
export function folderFiles(dir: string): SiteFiles {
  return {
    read: (file) =>
      readFile(join(dir, file)).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT' || err.code === 'ENOTDIR' || err.code === 'EISDIR') return undefined;
        throw err;
      }),
    exists: (file) =>
      access(join(dir, file)).then(
        () => true,
        () => false,
      ),
    async list(prefix) {
      const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
      return (await readdir(join(dir, folder), { recursive: true, withFileTypes: true }).catch(() => []))
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
        .filter((f) => f.startsWith(prefix));
    },
    async put(file, body) {
      const target = join(dir, file);
      await unlink(target).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, body);
    },
    async delete(files) {
      for (const file of files) {
        await rm(join(dir, file), { force: true });
        // A page's folder goes with its page, as a full build would not have it.
        let folder = dirname(join(dir, file));
        while (
          folder.startsWith(`${dir}/`) &&
          (await rmdir(folder).then(
            () => true,
            () => false,
          ))
        )
          folder = dirname(folder);
      }
    },
  };
}
