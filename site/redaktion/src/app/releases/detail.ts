import { germanDateTime } from '@newsroom/domain/berlin-time.ts';
import { renderMarkdown } from '@newsroom/domain/markdown.ts';
import { RELEASE_ACTION_LABELS, type ReleaseAction, releaseEdit } from '@newsroom/domain/release-workflow.ts';
import { dateLabelOf } from '@newsroom/domain/statistics-snapshot.ts';
import { ApiError } from '../api.ts';
import type { Context } from '../context.ts';
import { h, nextId, time } from '../dom.ts';
import { href } from '../router.ts';
import { confirmDialog } from '../views/confirm-dialog.ts';
import { errorSummary, showSummary } from '../views/errors.ts';
import { previewLinksSlot } from '../views/preview-links-slot.ts';
import { type PublicReleaseView, type ReleaseView, releasesApi } from './api.ts';
import {
  berlinTime,
  editReleaseHref,
  isPress,
  publicReleaseUrl,
  releaseAuditComment,
  releaseAuditText,
  releaseBadge,
  releasePhotosHref,
  scheduleHref,
} from './common.ts';
import { releaseSendSlot } from './send-slot.ts';

/** Buttons in the order of the workflow; forward steps are primary. */
const ORDER: ReleaseAction[] = ['propose', 'approve', 'publish', 'return', 'unpublish'];
const FORWARD = new Set<ReleaseAction>(['propose', 'approve', 'publish']);

function done(action: ReleaseAction, r: ReleaseView): string {
  switch (action) {
    case 'propose':
      return 'Die Pressemitteilung ist der Pressestelle vorgeschlagen.';
    case 'approve':
      return 'Die Pressemitteilung ist freigegeben und kann veröffentlicht werden.';
    case 'return':
      return 'Die Pressemitteilung wurde mit Ihrem Kommentar zurückgegeben.';
    case 'unpublish':
      return 'Die Pressemitteilung wurde von der Website genommen.';
    case 'publish':
      return r.status === 'scheduled' && r.embargoAt
        ? `Die Pressemitteilung ist geplant: Sie erscheint mit Ablauf der Sperrfrist am ${germanDateTime(new Date(r.embargoAt))}.`
        : 'Die Pressemitteilung ist veröffentlicht. Die öffentliche Website ist in wenigen Sekunden aktualisiert.';
  }
}

async function askFor(action: ReleaseAction, r: ReleaseView): Promise<{ comment?: string; confirmNoReference?: boolean } | undefined> {
  if (action === 'publish' && r.consentHolds?.length) {
    const answer = await confirmDialog({
      title: 'Überarbeitete Fassung veröffentlichen?',
      text: 'Diese Pressemitteilung ist offline, weil die Einwilligung für eine Geschichte, die sie vorgestellt hat, nicht mehr gilt. Sie erscheint wieder unter derselben Adresse.',
      confirm: 'Bestätigen und veröffentlichen',
      statement: {
        label:
          'Ich habe den Text geprüft: Er bezieht sich nicht mehr auf die Person oder die Personen dieser Geschichte, auch nicht ohne Namen (Herkunft, Wohnort, Familie, Arbeitgeber).',
        missing: 'Bitte bestätigen, dass der Text sich nicht mehr auf die Person bezieht. Sonst bleibt die Pressemitteilung offline.',
      },
    });
    return answer && { confirmNoReference: true };
  }
  if (action === 'publish') {
    const embargo = r.embargoAt && new Date(r.embargoAt) > new Date() ? germanDateTime(new Date(r.embargoAt)) : undefined;
    return confirmDialog({
      title: 'Pressemitteilung veröffentlichen?',
      text: embargo
        ? `Die Pressemitteilung erscheint mit Ablauf der Sperrfrist am ${embargo} auf der Website und in den Feeds. Was einmal in den Feeds stand, haben Abonnentinnen und Abonnenten; das lässt sich nicht zurückholen.`
        : 'Die Pressemitteilung erscheint sofort auf der Website und in den Feeds. Was einmal in den Feeds stand, haben Abonnentinnen und Abonnenten; das lässt sich nicht zurückholen.',
      confirm: 'Ja, veröffentlichen',
    });
  }
  if (action === 'return') {
    return confirmDialog({
      title: 'Pressemitteilung zurückgeben',
      text:
        r.status === 'scheduled'
          ? 'Die geplante Veröffentlichung entfällt. Die Pressemitteilung geht an den Träger zurück und kann dort überarbeitet und erneut vorgeschlagen werden.'
          : 'Die Pressemitteilung geht an den Träger zurück und kann dort überarbeitet und erneut vorgeschlagen werden.',
      confirm: 'Mit Kommentar zurückgeben',
      comment: {
        label: 'Kommentar (Pflichtfeld)',
        hint: 'Was soll geändert werden? Der Träger sieht diesen Kommentar.',
        missing: 'Bitte einen Kommentar angeben, damit der Träger weiß, was zu ändern ist.',
      },
    });
  }
  if (action === 'unpublish') {
    return confirmDialog({
      title: 'Von der Website nehmen?',
      text:
        r.status === 'scheduled'
          ? 'Die geplante Veröffentlichung entfällt; die Pressemitteilung erscheint nicht.'
          : 'Die Pressemitteilung verschwindet von der Website und aus den Feeds. Bereits versandte Fassungen lassen sich nicht zurückholen.',
      confirm: 'Ja, von der Website nehmen',
      danger: true,
    });
  }
  return {};
}

type Previewable = Pick<
  ReleaseView,
  'headline' | 'subline' | 'datelinePlace' | 'lead' | 'body' | 'quotes' | 'contacts' | 'featuredStoryIds' | 'statisticsSnapshotId' | 'publishedAt' | 'embargoAt'
> & {
  /** The full record's photos say who is on them; the public view's do not. */
  photos: readonly (Pick<ReleaseView['photos'][number], 'alt' | 'credit'> & { lead?: boolean; persons?: ReleaseView['photos'][number]['persons'] })[];
};

/** The release as the public will read it: dateline, headline, lead, text, quotes, contacts, and what it refers to. */
function preview(r: Previewable, titles: ReadonlyMap<string, string>, snapshotLabel: string | undefined): HTMLElement {
  const day = r.publishedAt ?? r.embargoAt;
  const body = h('div', { class: 'prose' });
  // The public site's renderer: CommonMark with raw HTML off.
  body.innerHTML = r.body ? renderMarkdown(r.body) : '<p><em>Noch kein Text.</em></p>';
  const sub = (title: string, ...content: (Node | false | undefined)[]) =>
    h('div', { class: 'release-part' }, h('h3', {}, title), ...content.filter((c): c is Node => Boolean(c)));
  return h(
    'article',
    { class: 'story-preview release-preview' },
    h('p', { class: 'release-headline' }, r.headline),
    r.subline && h('p', { class: 'release-subline' }, r.subline),
    h(
      'p',
      { class: 'teaser' },
      h('span', { class: 'dateline' }, `${r.datelinePlace}, ${day ? germanDateTime(new Date(day)).slice(0, 10) : '(Datum der Veröffentlichung)'} – `),
      r.lead ?? h('em', {}, 'Noch kein Vorspann.'),
    ),
    body,
    r.quotes.length > 0 &&
      sub(
        'Zitate',
        ...r.quotes.map((q) =>
          h('figure', { class: 'quote' }, h('blockquote', {}, `„${q.text}“`), h('figcaption', {}, `${q.name}, ${q.function}, ${q.organisation}`)),
        ),
      ),
    sub(
      'Pressekontakt',
      r.contacts?.length
        ? h(
            'ul',
            { class: 'plain' },
            r.contacts.map((c) =>
              h('li', {}, h('strong', {}, c.name), `, ${c.function} · Telefon ${c.phone} · `, h('a', { href: `mailto:${c.email}` }, c.email)),
            ),
          )
        : h('p', { class: 'empty' }, 'Noch keine Ansprechperson.'),
    ),
    r.featuredStoryIds.length > 0 &&
      sub(
        'Geschichten in dieser Pressemitteilung',
        h(
          'ul',
          {},
          r.featuredStoryIds.map((id) => h('li', {}, h('a', { href: href({ name: 'story', id }) }, titles.get(id) ?? `Geschichte ${id}`))),
        ),
      ),
    r.statisticsSnapshotId && sub('Statistik', h('p', {}, `Zahlen zum Stichtag ${snapshotLabel ?? r.statisticsSnapshotId}`)),
    r.photos.length > 0 &&
      sub(
        'Fotos',
        h(
          'ul',
          {},
          r.photos.map((p) =>
            h(
              'li',
              {},
              `${p.lead ? 'Aufmacherbild: ' : ''}${p.alt} (Foto: ${p.credit})`,
              (p.persons ?? []).map(
                (x) => ` · Person ${x.personId} aus „${titles.get(x.storyId) ?? x.storyId}“ ${x.recognisable ? 'erkennbar' : 'nicht erkennbar'}`,
              ),
            ),
          ),
        ),
      ),
    h('p', { class: 'hint' }, 'Die Website ergänzt den Standardtext über das Integrationsmanagement.'),
  );
}

/** Titles of the featured stories, for the preview's links (the ids alone say little). */
async function storyTitles(ctx: Context, r: Pick<ReleaseView, 'featuredStoryIds'>): Promise<Map<string, string>> {
  const found = await Promise.all(
    r.featuredStoryIds.map((id) =>
      ctx.api
        .readStory(id)
        .then((s) => [id, s.title] as const)
        .catch(() => undefined),
    ),
  );
  return new Map(found.filter((x): x is readonly [string, string] => x !== undefined));
}

/** „31. Dezember 2025“ or the source's own words („Anfang 2021“) for the snapshot's reporting date. */
async function snapshotLabelOf(rapi: ReturnType<typeof releasesApi>, id: string | undefined): Promise<string | undefined> {
  if (!id) return undefined;
  const snapshot = await rapi
    .snapshots()
    .then((l) => l.items.find((s) => s.date === id))
    .catch(() => undefined);
  return snapshot ? dateLabelOf(snapshot) : undefined;
}

/** Another organisation's public release, read-only: what the public site shows of it. */
async function publicReleaseDetail(ctx: Context, rapi: ReturnType<typeof releasesApi>, r: PublicReleaseView): Promise<void> {
  const [titles, snapshotLabel] = await Promise.all([storyTitles(ctx, r), snapshotLabelOf(rapi, r.statisticsSnapshotId)]);
  if (!ctx.isCurrent()) return;
  const fact = (term: string, value: Node | string) => h('div', {}, h('dt', {}, term), h('dd', {}, value));
  const previewId = nextId('preview');
  const correctionsId = nextId('corrections');
  ctx.show(
    r.headline,
    h(
      'dl',
      { class: 'facts story-facts' },
      fact('Beteiligt', r.partners.map(ctx.labels.partnerShort).join(', ')),
      fact('Themen', r.topics.map(ctx.labels.topic).join(', ')),
      fact('Veröffentlicht', berlinTime(r.publishedAt)),
    ),
    h('p', { class: 'notice' }, 'Öffentlich unter ', h('a', { href: publicReleaseUrl(ctx, r) }, publicReleaseUrl(ctx, r))),
    h(
      'p',
      { class: 'hint' },
      'Diese Pressemitteilung hat eine andere Organisation vorgeschlagen. Sie sehen, was die Website zeigt; Verlauf und Zeitplan sieht nur diese mit der Pressestelle.',
    ),
    h('section', { class: 'preview-section', 'aria-labelledby': previewId }, h('h2', { id: previewId }, 'Vorschau'), preview(r, titles, snapshotLabel)),
    r.corrections.length > 0 &&
      h(
        'section',
        { 'aria-labelledby': correctionsId },
        h('h2', { id: correctionsId }, 'Korrekturen'),
        h(
          'ul',
          {},
          r.corrections.map((c) => h('li', {}, berlinTime(c.at), `: ${c.note}`)),
        ),
      ),
  );
}

export async function releaseDetail(ctx: Context, id: string): Promise<void> {
  const rapi = releasesApi(ctx.api);
  const r = await rapi.read(id);
  if (r.audience === 'public') return publicReleaseDetail(ctx, rapi, r);
  const [titles, snapshotLabel] = await Promise.all([storyTitles(ctx, r), snapshotLabelOf(rapi, r.statisticsSnapshotId)]);
  if (!ctx.isCurrent()) return;

  const summarySlot = h('div', {});
  let buttons: HTMLButtonElement[] = [];
  const run = async (action: ReleaseAction, comment?: string, confirmNoReference?: boolean) => {
    for (const b of buttons) b.disabled = true;
    ctx.announce('Wird ausgeführt …');
    try {
      const saved = await rapi.transition(r.id, action, r.version, comment, confirmNoReference);
      if (!ctx.isCurrent()) return;
      ctx.announce(done(action, saved), { next: true });
      ctx.go({ name: 'releases', path: `/${r.id}` }, { replace: true });
    } catch (err) {
      if (!ctx.isCurrent()) return;
      for (const b of buttons) b.disabled = false;
      ctx.announce('');
      const reload =
        err instanceof ApiError && err.status === 409
          ? [
              h(
                'p',
                {},
                h(
                  'button',
                  { type: 'button', class: 'secondary', onclick: () => ctx.go({ name: 'releases', path: `/${r.id}` }, { replace: true }) },
                  'Aktuelle Fassung laden',
                ),
              ),
            ]
          : [];
      showSummary(summarySlot, errorSummary(err, undefined, ...reload));
    }
  };
  buttons = ORDER.filter((a) => r.actions.includes(a)).map((action) => {
    const button = h(
      'button',
      { type: 'button', class: FORWARD.has(action) ? '' : action === 'unpublish' ? 'danger' : 'secondary' },
      action === 'publish' && r.embargoAt && Date.parse(r.embargoAt) > Date.now()
        ? 'Mit Sperrfrist veröffentlichen'
        : // The press office does not propose to itself: its own draft goes to a colleague for the four-eyes approval.
          action === 'propose' && isPress(ctx)
          ? 'Einer Kollegin oder einem Kollegen zur Freigabe vorlegen'
          : RELEASE_ACTION_LABELS[action],
    );
    button.addEventListener('click', async () => {
      const answer = await askFor(action, r);
      if (!answer) return button.focus();
      await run(action, answer.comment, answer.confirmNoReference);
    });
    return button;
  });

  const editable = releaseEdit(ctx.me, r).ok;
  const schedulable = isPress(ctx) && ['proposed', 'approved', 'scheduled', 'published'].includes(r.status);
  const actionsId = nextId('actions');
  const hint = guidance(ctx, r, buttons.length > 0 || editable);
  const actions = h(
    'section',
    { class: 'actions', 'aria-labelledby': actionsId },
    h('h2', { id: actionsId }, 'Nächste Schritte'),
    summarySlot,
    hint && h('p', { class: 'hint' }, hint),
    (buttons.length > 0 || editable || schedulable) &&
      h(
        'div',
        { class: 'button-row' },
        editable && h('a', { href: editReleaseHref(r.id), class: 'button secondary' }, r.status === 'published' ? 'Korrigieren' : 'Bearbeiten'),
        editable && r.status !== 'published' && h('a', { href: releasePhotosHref(r.id), class: 'button secondary' }, 'Fotos'),
        schedulable &&
          h(
            'a',
            { href: scheduleHref(r.id), class: 'button secondary' },
            r.status === 'published' ? 'Ende der Veröffentlichung planen' : 'Sperrfrist festlegen',
          ),
        ...buttons,
      ),
  );

  const fact = (term: string, value: Node | string) => h('div', {}, h('dt', {}, term), h('dd', {}, value));
  const previewId = nextId('preview');
  const auditId = nextId('audit');
  const correctionsId = nextId('corrections');
  const previewEl = preview(r, titles, snapshotLabel);

  ctx.show(
    r.headline,
    h(
      'dl',
      { class: 'facts story-facts' },
      fact('Status', releaseBadge(r.status)),
      fact('Vorgeschlagen von', ctx.labels.partnerName(r.partner)),
      r.partners?.length ? fact('Beteiligt', r.partners.map(ctx.labels.partnerShort).join(', ')) : undefined,
      r.topics?.length ? fact('Themen', r.topics.map(ctx.labels.topic).join(', ')) : undefined,
      fact('Sperrfrist', r.embargoAt ? berlinTime(r.embargoAt) : 'keine'),
      r.takedownAt ? fact('Ende der Veröffentlichung', berlinTime(r.takedownAt)) : undefined,
      r.publishedAt && r.status !== 'scheduled' ? fact('Veröffentlicht', berlinTime(r.publishedAt)) : undefined,
      r.correctedAt ? fact('Zuletzt korrigiert', berlinTime(r.correctedAt)) : undefined,
      fact('Von', r.authorName),
      fact('Zuletzt geändert', time(r.updatedAt)),
    ),
    r.status === 'returned' &&
      r.returnComment &&
      h(
        'section',
        { class: 'return-comment prominent', 'aria-labelledby': 'release-return' },
        h('h2', { id: 'release-return' }, 'Rückmeldung der Pressestelle'),
        h('blockquote', {}, r.returnComment),
      ),
    holdSection(r),
    r.status === 'scheduled' &&
      r.embargoAt &&
      h(
        'p',
        { class: 'notice' },
        'Geplant: nicht öffentlich bis zur Sperrfrist am ',
        berlinTime(r.embargoAt),
        '. Dann erscheint die Pressemitteilung automatisch.',
      ),
    r.status === 'published' && h('p', { class: 'notice' }, 'Öffentlich unter ', h('a', { href: publicReleaseUrl(ctx, r) }, publicReleaseUrl(ctx, r))),
    actions,
    h('section', { class: 'preview-section', 'aria-labelledby': previewId }, h('h2', { id: previewId }, 'Vorschau'), previewEl),
    previewLinksSlot(ctx, 'release', r.id),
    isPress(ctx) && (r.status === 'scheduled' || r.status === 'published') && releaseSendSlot(ctx, r),
    r.corrections.length > 0 &&
      h(
        'section',
        { 'aria-labelledby': correctionsId },
        h('h2', { id: correctionsId }, 'Korrekturen'),
        h(
          'ul',
          {},
          r.corrections.map((c) => h('li', {}, berlinTime(c.at), `: ${c.note}`)),
        ),
      ),
    h(
      'section',
      { 'aria-labelledby': auditId },
      h('h2', { id: auditId }, 'Verlauf'),
      h(
        'ol',
        { class: 'audit' },
        [...r.audit]
          .reverse()
          .map((e) =>
            h(
              'li',
              {},
              h('p', {}, time(e.at), ' · ', h('strong', {}, e.byName), ' · ', releaseAuditText(e)),
              e.comment && h('blockquote', {}, releaseAuditComment(e.comment)),
            ),
          ),
      ),
    ),
  );
}

/** A release held back because a featured story's consent went: why, and the one way back. */
function holdSection(r: ReleaseView): HTMLElement | undefined {
  const holds = r.consentHolds ?? [];
  if (holds.length === 0) return undefined;
  const headingId = nextId('hold');
  return h(
    'section',
    { class: 'warning', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, r.status === 'unpublished' ? 'Offline: Einwilligung gilt nicht mehr' : 'Gesperrt: Einwilligung gilt nicht mehr'),
    h(
      'ul',
      {},
      holds.map((x) => h('li', {}, berlinTime(x.at), ': ', x.reason, ' (', h('a', { href: href({ name: 'story', id: x.storyId }) }, 'zur Geschichte'), ')')),
    ),
    h(
      'p',
      {},
      'Der Text kann die Person noch beschreiben, auch ohne Namen. Bitte jede Stelle entfernen, die sich auf sie bezieht, und die Pressemitteilung dann veröffentlichen; dabei bestätigen Sie, dass der Text sich nicht mehr auf sie bezieht. ' +
        (r.status === 'unpublished' ? 'Bis dahin bleibt sie offline, auch in den Feeds.' : 'Bis dahin kann sie nicht erscheinen.'),
    ),
  );
}

/** Why a step the person might expect is missing, or what happens next. */
function guidance(ctx: Context, r: ReleaseView, canDoSomething: boolean): string | undefined {
  const press = isPress(ctx);
  if (r.status === 'proposed' && press && !r.actions.includes('approve')) {
    return 'Freigeben kann nur eine andere Person der Pressestelle: Sie haben die Pressemitteilung geschrieben oder zuletzt geändert (Vier-Augen-Prinzip).';
  }
  if (r.status === 'approved' && press) return 'Sofort veröffentlichen oder zuerst eine Sperrfrist festlegen; mit Sperrfrist erscheint sie dann automatisch.';
  if (canDoSomething) return undefined;
  if (r.status === 'proposed') return 'Die Pressemitteilung liegt bei der Pressestelle zur Freigabe.';
  if (r.status === 'approved') return 'Die Pressestelle hat die Pressemitteilung freigegeben; sie wird dort veröffentlicht.';
  if (r.status === 'scheduled') return 'Die Pressemitteilung erscheint automatisch mit Ablauf der Sperrfrist.';
  return 'Für Sie gibt es bei dieser Pressemitteilung gerade nichts zu tun.';
}
