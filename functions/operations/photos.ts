import { randomBytes } from 'node:crypto';
import { type Actor, hasRole } from '@newsroom/domain/actor.ts';
import { NotFound, refuse } from '@newsroom/domain/errors.ts';
import { PARTNERS, type PartnerId } from '@newsroom/domain/partners.ts';
import {
  type FocalPoint,
  MAX_UPLOAD_BYTES,
  ogPath,
  ogVariants,
  type PhotoOwner,
  type PhotoRecord,
  photoFolder,
  photoLabel,
  UPLOAD_REFUSALS,
} from '@newsroom/domain/photos.ts';
import { releaseEdit } from '@newsroom/domain/release-workflow.ts';
import { canRead, textEdit } from '@newsroom/domain/workflow.ts';
import { getPhoto, photosOf, photosOfPartner, putNewPhoto } from '@newsroom/store/photos.ts';
import { getRelease } from '@newsroom/store/releases.ts';
import { getStory } from '@newsroom/store/stories.ts';
import { type Ports, runtimePorts } from './ports.ts';

/**
 * Uploading a photo for a story or a press release, and reading its files before it is
 * public. The browser sends the file straight to where it is processed (in AWS a presigned
 * POST into the private photo bucket, locally the gateway's upload route), never through
 * the API; processing (functions/operations/photo-processing.ts) fills in the record.
 */

const NOT_FOUND = 'Dieses Foto gibt es nicht oder Sie dürfen es nicht sehen.';

/** Where the browser sends the file: a form POST with these fields (S3), or a PUT of the bytes (locally). */
export interface UploadTarget {
  method: 'POST' | 'PUT';
  url: string;
  fields: Record<string, string>;
}

export interface UploadTargets {
  target(id: string, size: number): Promise<UploadTarget>;
}

export interface PhotoPorts extends Ports {
  uploads: UploadTargets;
}

/** This runtime's ports with the configured photo store and `uploads`. */
export const photoPorts = (uploads: UploadTargets): PhotoPorts => ({ ...runtimePorts(), uploads });

const newId = () =>
  randomBytes(9)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 12);

/** The item a photo is for, if the actor may add photos to it: its partner. */
async function editableOwner(p: Ports, actor: Actor, owner: PhotoOwner): Promise<PartnerId> {
  if (owner.kind === 'story') {
    const story = await getStory(owner.id, p.db);
    if (!story || !canRead(actor, story)) throw new NotFound('Diese Geschichte gibt es nicht oder Sie dürfen sie nicht sehen.');
    const edit = textEdit(actor, story);
    if (!edit.ok) refuse({ reason: 'forbidden', message: edit.message });
    return story.partner;
  }
  const release = await getRelease(owner.id, p.db);
  if (!release || (release.partner !== actor.partner && !hasRole(actor, 'press')))
    throw new NotFound('Diese Pressemitteilung gibt es nicht oder Sie dürfen sie nicht sehen.');
  const edit = releaseEdit(actor, release);
  if (!edit.ok) refuse({ reason: 'forbidden', message: edit.message });
  return release.partner;
}

export interface NewUpload {
  owner: PhotoOwner;
  /** The file's size in bytes: the upload target allows exactly up to it. */
  size: number;
  /** Where the Open Graph crop centres (default: the middle). */
  focal?: FocalPoint;
}

/** Reserves a photo for an item and answers where to send the file. */
export async function startUpload(p: PhotoPorts, actor: Actor, { owner, size, focal }: NewUpload) {
  if (size === 0) refuse({ reason: 'invalid', message: UPLOAD_REFUSALS.empty });
  if (size > MAX_UPLOAD_BYTES) refuse({ reason: 'invalid', message: UPLOAD_REFUSALS.tooLarge });
  const partner = await editableOwner(p, actor, owner);
  const record: PhotoRecord = {
    id: newId(),
    owner,
    partner,
    state: 'awaiting-upload',
    createdAt: p.clock.now().toISOString(),
    createdBy: actor.sub,
    ...(focal ? { focal } : {}),
  };
  await putNewPhoto(record, p.db);
  return { photo: record, upload: await p.uploads.target(record.id, size) };
}

/** Whether the actor may see a photo's record and files before publication: the item's partner and the press office. */
const canSee = (actor: Actor, photo: PhotoRecord) => photo.partner === actor.partner || hasRole(actor, 'press') || hasRole(actor, 'admin');

export async function readPhoto(p: Ports, actor: Actor, id: string): Promise<PhotoRecord> {
  const photo = await getPhoto(id, p.db);
  if (!photo || !canSee(actor, photo)) throw new NotFound(NOT_FOUND);
  return photo;
}

/** One processed file of a photo, for the editor's previews. */
export async function photoFile(p: PhotoPorts, actor: Actor, id: string, file: string) {
  const photo = await readPhoto(p, actor, id);
  const crops = photo.width && photo.height ? ogVariants(photo.width, photo.height).map((v) => ogPath(id, v.step)) : [];
  const known = [...(photo.derivatives ?? []).map((d) => d.path), ...crops].find((path) => path === `/${photoFolder(id)}${file}`);
  if (!known) throw new NotFound('Diese Datei des Fotos gibt es nicht.');
  const body = await p.photos.get(known.slice(1));
  if (!body) throw new NotFound('Diese Datei des Fotos gibt es nicht mehr.');
  return { body, path: known };
}

/** The media library: the photos of the caller's partner, for the press office of every partner, newest first. */
export async function listPhotos(p: Ports, actor: Actor, owner?: PhotoOwner): Promise<PhotoRecord[]> {
  if (owner) return (await photosOf(owner, p.db)).filter((ph) => canSee(actor, ph));
  const partners: PartnerId[] = hasRole(actor, 'press') || hasRole(actor, 'admin') ? PARTNERS.map((x) => x.id) : [actor.partner];
  const all = (await Promise.all(partners.map((partner) => photosOfPartner(partner, p.db)))).flat();
  return all.filter((ph) => ph.state === 'ready' && canSee(actor, ph)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

const OWNER_NOUN: Record<PhotoOwner['kind'], string> = { story: 'diese Geschichte', release: 'diese Pressemitteilung' };

/**
 * An item's photos with each one's pixel size from its record: only photos uploaded for this
 * item and processed can be saved with it (a photo of another item would carry files its
 * people never agreed to here).
 */
export async function withProcessedPhotos<P extends { id: string; alt: string }>(p: Pick<Ports, 'db'>, owner: PhotoOwner, photos: readonly P[]): Promise<P[]> {
  const records = await Promise.all(photos.map((photo) => getPhoto(photo.id, p.db)));
  const problems: string[] = [];
  const sized = photos.map((photo, i) => {
    const record = records[i];
    if (record?.owner.kind !== owner.kind || record.owner.id !== owner.id)
      problems.push(`${photoLabel(photo)}: Dieses Foto wurde nicht für ${OWNER_NOUN[owner.kind]} hochgeladen.`);
    else if (record.state !== 'ready') problems.push(`${photoLabel(photo)}: Das Foto ist noch nicht verarbeitet.`);
    return record?.width && record.height ? { ...photo, width: record.width, height: record.height } : photo;
  });
  if (problems.length) refuse({ reason: 'invalid', message: 'Diese Fotos können nicht gespeichert werden.', problems });
  return sized;
}
