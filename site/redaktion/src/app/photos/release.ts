import { personLabel } from '@newsroom/domain/consent.ts';
import { ReleasePhoto } from '@newsroom/domain/photos.ts';
import { type Release, ReleaseInput } from '@newsroom/domain/release.ts';
import { featuredGate, releaseEdit } from '@newsroom/domain/release-workflow.ts';
import type { Story } from '@newsroom/domain/story.ts';
import type { Context } from '../context.ts';
import { type ReleaseDraftInput, type ReleaseView, releasesApi } from '../releases/api.ts';
import { isCounty, releaseHref } from '../releases/common.ts';
import { type PhotoConsent, UNDESCRIBED } from './consent-status.ts';
import { type PhotoItem, photosScreen } from './item.ts';

/** The whole release as saved: every input field, with `photos` replaced (PUT replaces the content). */
function draftWith(r: ReleaseView, photos: ReleasePhoto[]): ReleaseDraftInput {
  const all = r as unknown as Record<string, unknown>;
  const draft = Object.fromEntries(Object.keys(ReleaseInput.shape).flatMap((k) => (all[k] === undefined ? [] : [[k, all[k]]])));
  return { ...(draft as ReleaseDraftInput), photos };
}

/**
 * The consent status of one release photo: the workflow's own featured gate, asked about
 * this photo alone. A release has no consents of its own: whoever a photo shows is a person
 * of a featured story, and that person's consent must cover the photo in press releases.
 */
export function releasePhotoConsent(r: Release, photo: ReleasePhoto | undefined, stories: ReadonlyMap<string, Story>, now = new Date()): PhotoConsent {
  if (!photo) return UNDESCRIBED;
  if (photo.noPerson) return { level: 'ok', text: 'Keine Person erkennbar', problems: [] };
  const problems = featuredGate({ ...r, featuredStoryIds: [...new Set(photo.persons.map((p) => p.storyId))], photos: [photo] }, { now, stories });
  return problems.length
    ? { level: 'refused', text: 'Einwilligung deckt das Foto nicht ab', problems }
    : { level: 'ok', text: 'Einwilligung deckt das Foto ab', problems: [] };
}

/**
 * „Fotos“ of a press release: the same upload and description as a story's photos; the
 * persons a photo may show are those of the stories the release features. A published
 * release changes only by a correction with a public note (its form), so its photos are
 * shown here but not changed.
 */
export async function releasePhotosScreen(ctx: Context, id: string): Promise<void> {
  const api = releasesApi(ctx.api);
  const [release, published] = await Promise.all([api.get(id), api.publishedStories(isCounty(ctx)).then((l) => l.items)]);
  if (!ctx.isCurrent()) return;
  let current: ReleaseView = release;
  const stories = new Map<string, Story>(published.map((s) => [s.id, s as Story]));
  const edit = releaseEdit(ctx.me, release as Release);
  const readOnly = !edit.ok
    ? edit.message
    : edit.correction
      ? 'Die Pressemitteilung ist veröffentlicht: Fotos ändern Sie mit einer Korrektur, nachdem Sie sie von der Website genommen haben.'
      : undefined;
  const photos = () => current.photos as ReleasePhoto[];
  await photosScreen<ReleasePhoto>(ctx, {
    owner: { kind: 'release', id },
    title: release.headline,
    back: { href: releaseHref(id), label: 'Zurück zur Pressemitteilung' },
    readOnly,
    notice:
      edit.ok && edit.to !== release.status
        ? 'Die Pressemitteilung ist freigegeben. Jede Änderung an ihren Fotos braucht eine neue Freigabe der Pressestelle.'
        : undefined,
    persons: () =>
      current.featuredStoryIds.flatMap((sid) => {
        const story = stories.get(sid);
        return (story?.persons ?? []).map((p) => ({
          key: `${sid}/${p.id}`,
          label: `${personLabel(p)} aus „${story!.title}“`,
          legend: `${personLabel(p)} (${p.role}) aus „${story!.title}“`,
        }));
      }),
    photos,
    async save(next) {
      current = await api.update(current.id, current.version, draftWith(current, next));
    },
    consent: (photo) => releasePhotoConsent(current as Release, photo, stories),
    parse: (input) => ReleasePhoto.safeParse(input) as ReturnType<PhotoItem<ReleasePhoto>['parse']>,
    keyOf: (t) => `${t.storyId}/${t.personId}`,
    tag: (key, recognisable) => {
      const [storyId, personId] = key.split('/') as [string, string];
      return { storyId, personId, recognisable };
    },
    recognisable: (t) => t.recognisable,
    words: {
      of: 'dieser Pressemitteilung',
      from: 'aus der Pressemitteilung',
      in: 'in der Pressemitteilung',
      personsHint:
        'Geben Sie für jede Person der vorgestellten Geschichten an, ob sie auf dem Foto ist und ob man sie erkennen kann. Andere Personen dürfen auf Fotos einer Pressemitteilung nicht erkennbar sein: Für sie liegt hier keine Einwilligung vor.',
      noPersonHint:
        'Auf dem Foto ist niemand aus den vorgestellten Geschichten zu sehen, und auch sonst ist niemand zu erkennen (etwa von hinten, unscharf oder eine Zeichnung).',
      leadHint: 'Das Aufmacherbild steht über der Pressemitteilung, auf ihrer Karte, im Feed und in der Vorschau beim Teilen.',
    },
  });
}
