import { personLabel } from '@newsroom/domain/consent.ts';
import type { StoryPhoto } from '@newsroom/domain/photos.ts';
import { type Release, type ReleasePhoto, releaseStatusLabel } from '@newsroom/domain/release.ts';
import { type Story, textInWork } from '@newsroom/domain/story.ts';
import type { Context } from '../context.ts';
import { formatDateTime, h, nextId } from '../dom.ts';
import { href } from '../router.ts';
import { type PhotoRecord, photosApi, thumbnailFile } from './api.ts';
import { consentBadge, type PhotoConsent, photoConsent, UNDESCRIBED } from './consent-status.ts';
import { releasePhotoConsent } from './release.ts';

/** A photo's description as its item holds it. */
type Described = Pick<StoryPhoto, 'id' | 'alt' | 'credit' | 'licence'> & Partial<Pick<StoryPhoto, 'persons' | 'noPerson'>>;
type ReleaseItem = Release & { audience?: string };

interface Row {
  record: PhotoRecord;
  photo?: Described;
  where: { label: string; title: string; link: string; status: string };
  shows: string;
  consent: PhotoConsent;
}

/** A release photo of persons whose story the caller may not read: the API checks it at every step; here it cannot be judged. */
const UNREADABLE: PhotoConsent = {
  level: 'open',
  text: 'Einwilligung hier nicht prüfbar',
  problems: ['Die Geschichte der gezeigten Person gehört zu einem anderen Träger; die Pressestelle prüft die Einwilligung.'],
};

/** Who a release photo shows: persons of its featured stories, named with the story's title where it can be read. */
function releaseShowsText(photo: ReleasePhoto | undefined, stories: ReadonlyMap<string, Story>): string {
  if (!photo) return 'noch nicht angegeben';
  if (photo.noPerson || photo.persons.length === 0) return 'keine Person erkennbar';
  return photo.persons
    .map((p) => {
      const story = stories.get(p.storyId);
      const person = story?.persons.find((x) => x.id === p.personId);
      return `${personLabel({ id: p.personId })}${person ? ` (${person.role})` : ''} aus „${story?.title ?? 'Geschichte nicht lesbar'}“, ${p.recognisable ? 'erkennbar' : 'nicht erkennbar'}`;
    })
    .join('; ');
}

function showsText(photo: Described | undefined, story: Story | undefined): string {
  if (!photo) return 'noch nicht angegeben';
  if (photo.noPerson) return 'keine Person erkennbar';
  if (!photo.persons?.length) return 'keine Angaben';
  return photo.persons
    .map((p) => {
      const person = story?.persons.find((x) => x.id === p.personId);
      return `${personLabel({ id: p.personId })}${person ? ` (${person.role})` : ''}, ${p.recognisable ? 'erkennbar' : 'nicht erkennbar'}`;
    })
    .join('; ');
}

/**
 * „Mediathek“: every photo the person may see (their organisation's; the press office and
 * administrators all), with where it is used, who appears in it and whether the consents
 * cover it, searchable by alt text or credit.
 */
export async function mediaLibrary(ctx: Context): Promise<void> {
  const photos = photosApi(ctx.api, ctx.config.apiUrl);
  const records = (await photos.list()).filter((r) => r.state === 'ready');
  const stories = new Map<string, Promise<Story | undefined>>();
  const releases = new Map<string, Promise<ReleaseItem | undefined>>();
  for (const r of records) {
    if (r.owner.kind === 'story' && !stories.has(r.owner.id))
      stories.set(
        r.owner.id,
        ctx.api.getStory(r.owner.id).catch(() => undefined),
      );
    if (r.owner.kind === 'release' && !releases.has(r.owner.id))
      releases.set(
        r.owner.id,
        ctx.api.request<ReleaseItem>('GET', `/releases/${encodeURIComponent(r.owner.id)}`).catch(() => undefined),
      );
  }
  const rows: Row[] = await Promise.all(
    records.map(async (record): Promise<Row> => {
      if (record.owner.kind === 'story') {
        const story = await stories.get(record.owner.id);
        const work = story && textInWork(story);
        const photo = work?.photos?.find((p) => p.id === record.id);
        return {
          record,
          photo,
          where: {
            label: 'Geschichte',
            title: work?.title ?? 'Geschichte (nicht lesbar)',
            link: href({ name: 'story-photos', id: record.owner.id }),
            status: story ? ctx.labels.status(story.status) : '',
          },
          shows: showsText(photo, work),
          consent: work ? photoConsent(work, photo) : { level: 'open', text: 'Geschichte nicht lesbar', problems: [] },
        };
      }
      const release = await releases.get(record.owner.id);
      const photo = release?.audience === 'public' ? undefined : (release?.photos.find((p) => p.id === record.id) as ReleasePhoto | undefined);
      // The featured stories the photo shows persons of, for their consents (what the caller may read of them).
      const shown = new Map<string, Story>();
      for (const id of new Set(photo?.persons.map((p) => p.storyId) ?? [])) {
        if (!stories.has(id))
          stories.set(
            id,
            ctx.api.getStory(id).catch(() => undefined),
          );
        const story = await stories.get(id);
        if (story) shown.set(id, story);
      }
      return {
        record,
        photo,
        where: {
          label: 'Pressemitteilung',
          title: release?.headline ?? 'Pressemitteilung (nicht lesbar)',
          link: href({ name: 'releases', path: `/${encodeURIComponent(record.owner.id)}` }),
          status: release?.status ? releaseStatusLabel(release.status) : '',
        },
        shows: releaseShowsText(photo, shown),
        consent: !release || !photo ? UNDESCRIBED : photo.persons.every((p) => shown.has(p.storyId)) ? releasePhotoConsent(release, photo, shown) : UNREADABLE,
      };
    }),
  );
  if (!ctx.isCurrent()) return;

  const searchId = nextId('search');
  const search = h('input', { type: 'search', id: searchId, autocomplete: 'off' });
  const count = h('p', { class: 'hint', 'aria-live': 'polite' });
  const list = h('ul', { class: 'photo-library' });
  const items = rows.map((row) => ({ row, el: libraryItem(row, photos.fileUrl) }));
  const filter = () => {
    const q = search.value.trim().toLocaleLowerCase('de');
    const shown = items.filter(({ row }) => !q || `${row.photo?.alt ?? ''} ${row.photo?.credit ?? ''}`.toLocaleLowerCase('de').includes(q));
    list.replaceChildren(
      ...(shown.length ? shown.map((i) => i.el) : [h('li', { class: 'empty' }, q ? 'Kein Foto passt zu dieser Suche.' : 'Noch keine Fotos.')]),
    );
    count.textContent = q ? `${shown.length} von ${items.length} Fotos` : `${items.length} ${items.length === 1 ? 'Foto' : 'Fotos'}`;
  };
  search.addEventListener('input', filter);
  filter();

  ctx.show(
    'Mediathek',
    h(
      'p',
      { class: 'lead' },
      'Alle Fotos, die Sie sehen dürfen: wo sie verwendet werden, wer darauf zu sehen ist und ob die Einwilligungen sie abdecken. Fotos laden Sie bei der Geschichte oder Pressemitteilung hoch.',
    ),
    h('div', { class: 'field library-search', role: 'search' }, h('label', { for: searchId }, 'Suchen nach Alternativtext oder Bildnachweis'), search),
    count,
    list,
  );
}

function libraryItem(row: Row, fileUrl: (id: string, file: string) => Promise<string>): HTMLElement {
  const img = h('img', { alt: row.photo?.alt ?? 'Foto ohne Beschreibung', class: 'photo-thumb', width: '240', height: '160' });
  const file = thumbnailFile(row.record);
  if (file)
    void fileUrl(row.record.id, file).then(
      (src) => {
        img.src = src;
      },
      () => undefined,
    );
  const fact = (term: string, ...value: (Node | string | false | undefined)[]) => h('div', {}, h('dt', {}, term), h('dd', {}, ...value));
  return h(
    'li',
    { class: 'library-item' },
    img,
    h(
      'div',
      {},
      h('p', { class: 'library-alt' }, row.photo?.alt ?? h('em', {}, 'Noch nicht beschrieben')),
      consentBadge(row.consent),
      row.consent.problems.length > 0 &&
        h(
          'ul',
          { class: 'photo-problems' },
          row.consent.problems.map((p) => h('li', {}, p)),
        ),
      h(
        'dl',
        { class: 'facts' },
        // An undescribed photo is not in its item yet: it was only uploaded for it.
        fact(
          row.photo ? 'Verwendet in' : 'Hochgeladen für',
          `${row.where.label}: `,
          h('a', { href: row.where.link }, row.where.title),
          row.where.status && ` (${row.where.status})`,
        ),
        fact('Zu sehen', row.shows),
        fact('Bildnachweis', row.photo?.credit ?? '–'),
        fact('Hochgeladen', formatDateTime(row.record.createdAt)),
      ),
    ),
  );
}
