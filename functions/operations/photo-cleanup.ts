import { PARTNERS } from '@newsroom/domain/partners.ts';
import { type PhotoOwner, photoFolder } from '@newsroom/domain/photos.ts';
import { config, UNDESCRIBED_HOURS_DEFAULT } from '@newsroom/runtime/config.ts';
import { deletePhoto, photosOfPartnerCreated } from '@newsroom/store/photos.ts';
import { getRelease } from '@newsroom/store/releases.ts';
import { getStory } from '@newsroom/store/stories.ts';
import type { Ports } from './ports.ts';

/**
 * How far behind the cutoff each run looks. The scheduler runs every minute, so an upload
 * is normally looked at once, right after its time ran out; the window only covers a
 * scheduler that was down, and keeps every run one bounded Query per partner instead of
 * reading every photo ever uploaded.
 */
const LOOKBACK_DAYS = 30;
const HOUR = 3_600_000;

/** The photos its item uses now: the text in work and, for a story, a published text beside a revision. */
async function inUse(p: Pick<Ports, 'db'>, owner: PhotoOwner): Promise<Set<string>> {
  if (owner.kind === 'story') {
    const story = await getStory(owner.id, p.db);
    return new Set([...(story?.photos ?? []), ...(story?.revision?.photos ?? [])].map((ph) => ph.id));
  }
  return new Set(((await getRelease(owner.id, p.db))?.photos ?? []).map((ph) => ph.id));
}

/**
 * Deletes the uploads nobody described: photos whose item was not saved with them within
 * `hours` of the upload (still waiting for the file, refused, or processed but never given
 * alt text, credit, licence and who is on them), and those of an item that is gone. Such a
 * file was never meant to be kept: it may show people who agreed to nothing, and it appears
 * nowhere. Its processed files, any raw upload left and its record go; in AWS the photo
 * bucket's lifecycle rule is the second line for raw uploads (infra/aws/photos.ts).
 */
export async function deleteUndescribedUploads(
  p: Pick<Ports, 'db' | 'photos'>,
  now: Date,
  hours = config().photos.undescribedHours ?? UNDESCRIBED_HOURS_DEFAULT,
): Promise<string[]> {
  const until = new Date(now.getTime() - hours * HOUR);
  const from = new Date(until.getTime() - LOOKBACK_DAYS * 24 * HOUR);
  const deleted: string[] = [];
  for (const { id: partner } of PARTNERS) {
    const used = new Map<string, Promise<Set<string>>>();
    for (const photo of await photosOfPartnerCreated(partner, from.toISOString(), until.toISOString(), p.db)) {
      const owner = `${photo.owner.kind}#${photo.owner.id}`;
      if (!used.has(owner)) used.set(owner, inUse(p, photo.owner));
      if ((await used.get(owner)!).has(photo.id)) continue;
      await p.photos.deleteAll(photoFolder(photo.id));
      await p.photos.deleteRaw(photo.id);
      await deletePhoto(photo.id, p.db);
      deleted.push(photo.id);
    }
  }
  return deleted;
}
