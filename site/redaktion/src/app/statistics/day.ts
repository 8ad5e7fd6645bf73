import { type PartnerId, partnerShort } from '@newsroom/domain/partners.ts';
import { COUNT_KEYS, countyToday, figure } from '@newsroom/domain/statistics.ts';
import { describeMissing, isComplete } from '@newsroom/domain/statistics-snapshot.ts';
import type { ProtectedBreakdown } from '@newsroom/domain/statistics-suppression.ts';
import { SUPPRESSED_SYMBOL, suppressedLegend } from '@newsroom/domain/statistics-tables.ts';
import { ApiError, SignedOut } from '../api.ts';
import type { Context } from '../context.ts';
import { h, nextId } from '../dom.ts';
import { errorSummary, showSummary } from '../views/errors.ts';
import type { CountyDay, PartnerDay, StatisticsApi, SubmissionView } from './api.ts';
import {
  askDialog,
  auditList,
  dayTitle,
  fmtCount,
  germanDay,
  gridHref,
  isCounty,
  isPress,
  newSubmissionHref,
  section,
  snapshotBadge,
  statHref,
  submissionBadge,
  submissionHref,
  time,
} from './common.ts';
import { countsTable } from './submission.ts';

const SNAPSHOT_AUDIT: Record<string, string> = {
  create: 'Stichtag angelegt',
  publish: 'Veröffentlicht',
  withdraw: 'Von der Website genommen',
  import: 'Aus der veröffentlichten Quelle übernommen',
};

/** The partner's own municipalities on one reporting date: what is reported, what is still missing. */
export function partnerDayTable(day: PartnerDay): HTMLElement {
  const open = day.snapshot.origin === 'submissions' && day.snapshot.date <= countyToday(new Date());
  const rows = [
    ...day.submissions.map((s) => ({ municipality: s.municipality, s })),
    ...day.missing.map((municipality) => ({ municipality, s: undefined as SubmissionView | undefined })),
  ].sort((a, b) => a.municipality.localeCompare(b.municipality, 'de'));
  const accepted = day.submissions.filter((s) => s.accepted.length > 0).length;
  return h(
    'div',
    {},
    h('p', {}, `${accepted} von ${rows.length} Meldungen Ihres Trägers sind angenommen.`),
    day.snapshot.origin === 'submissions' &&
      h(
        'p',
        {},
        h(
          'a',
          { href: gridHref(day.snapshot.date) },
          open ? 'Alle Gemeinden in einer Tabelle erfassen' : 'Alle Gemeinden als Tabelle ansehen',
          h('span', { class: 'visually-hidden' }, ` (${dayTitle(day.snapshot)})`),
        ),
      ),
    h(
      'div',
      { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-label': `Meldungen zum ${dayTitle(day.snapshot)}` },
      h(
        'table',
        { class: 'stat-list' },
        h('caption', { class: 'visually-hidden' }, `Meldungen Ihres Trägers zum ${dayTitle(day.snapshot)}`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Stadt oder Gemeinde'),
            h('th', { scope: 'col' }, 'Stand'),
            h('th', { scope: 'col', class: 'num' }, 'Klient:innen'),
            h('th', { scope: 'col' }, 'Zuletzt geändert'),
            h('th', { scope: 'col' }, 'Aktion'),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map(({ municipality, s }) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, municipality),
              h('td', {}, submissionBadge(s ? s.status : 'none'), s?.correctionReason ? ' (Korrektur)' : ''),
              h('td', { class: 'num' }, fmtCount(s?.counts.clients)),
              h('td', {}, s ? time(s.updatedAt) : '—'),
              h(
                'td',
                {},
                s
                  ? h('a', { href: submissionHref(s.id) }, 'Öffnen', h('span', { class: 'visually-hidden' }, `: ${municipality}`))
                  : open
                    ? h(
                        'a',
                        { href: newSubmissionHref(day.snapshot.date, municipality) },
                        'Zahlen erfassen',
                        h('span', { class: 'visually-hidden' }, ` für ${municipality}`),
                      )
                    : '—',
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function previewTable(b: ProtectedBreakdown, kind: 'municipality' | 'partner'): HTMLElement {
  const rows = kind === 'municipality' ? b.byMunicipality : b.byPartner;
  return h(
    'div',
    { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-label': kind === 'municipality' ? 'Vorschau nach Gemeinden' : 'Vorschau nach Trägern' },
    h(
      'table',
      { class: 'stat-list' },
      h(
        'caption',
        {},
        kind === 'municipality' ? 'So erscheint die Aufschlüsselung nach Städten und Gemeinden' : 'So erscheint die Aufschlüsselung nach Trägern',
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, kind === 'municipality' ? 'Stadt oder Gemeinde' : 'Träger'),
          COUNT_KEYS.map((k) => h('th', { scope: 'col', class: 'num' }, figure(k).short)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, kind === 'municipality' ? r.unit : partnerShort(r.unit as PartnerId)),
            COUNT_KEYS.map((k) =>
              h(
                'td',
                { class: 'num' },
                r.values[k] === null
                  ? h(
                      'span',
                      { class: 'suppressed' },
                      h('span', { 'aria-hidden': 'true' }, SUPPRESSED_SYMBOL),
                      h('span', { class: 'visually-hidden' }, 'nicht ausgewiesen'),
                    )
                  : fmtCount(r.values[k]),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** One reporting date: for the press office the county aggregate with completeness and publication; for partners their part. */
export async function dayScreen(ctx: Context, sapi: StatisticsApi, date: string): Promise<void> {
  if (!isCounty(ctx)) {
    const day = await sapi.day<PartnerDay>(date);
    return ctx.show(
      dayTitle(day.snapshot),
      h('p', { class: 'lead' }, snapshotBadge(day.snapshot)),
      partnerDayTable(day),
      h('p', {}, h('a', { href: statHref() }, 'Zur Statistik')),
    );
  }
  const day = await sapi.day<CountyDay>(date);
  const { snapshot, aggregate: agg, preview } = day;
  const p = snapshot.publication;
  const c = agg.completeness;
  const summarySlot = h('div', {});

  const buttons = snapshot.actions.map((action) => {
    const republish = action === 'publish' && Boolean(p);
    const label =
      action === 'withdraw'
        ? 'Von der Website nehmen'
        : snapshot.status === 'published'
          ? 'Korrigierte Zahlen veröffentlichen'
          : snapshot.status === 'withdrawn'
            ? 'Wieder veröffentlichen'
            : 'Veröffentlichen';
    const b = h('button', { type: 'button', class: action === 'withdraw' ? 'danger' : '' }, label);
    b.addEventListener('click', async () => {
      const incomplete = action === 'publish' && !isComplete(c);
      const answer =
        action === 'withdraw'
          ? await askDialog({
              title: 'Von der Website nehmen?',
              text: 'Die Zahlen dieses Stichtags verschwinden von der öffentlichen Statistikseite und aus den Downloads.',
              confirm: 'Ja, von der Website nehmen',
              danger: true,
            })
          : await askDialog({
              title: label,
              text: incomplete
                ? `Es fehlen noch ${c.missing.length} von ${c.expected} Meldungen (${describeMissing(c)}). Die Website nennt die fehlenden Städte und Gemeinden.`
                : 'Die Zahlen erscheinen auf der öffentlichen Statistikseite; kleine Zahlen in der Aufschlüsselung sind geschützt.',
              confirm: label,
              ...(republish
                ? {
                    field: {
                      label: 'Hinweis zur Korrektur (erscheint auf der Website)',
                      hint: 'Was wurde korrigiert? Mindestens 10 Zeichen.',
                      missing: 'Bitte in mindestens 10 Zeichen beschreiben, was korrigiert wurde.',
                      minLength: 10,
                    },
                  }
                : {}),
              ...(incomplete ? { check: 'Ich weiß, dass Meldungen fehlen, und veröffentliche trotzdem.' } : {}),
            });
      if (!answer) return b.focus();
      for (const x of buttons) x.disabled = true;
      ctx.announce('Wird ausgeführt …');
      try {
        await sapi.snapshotAction(date, {
          action,
          version: snapshot.version,
          ...(answer.text ? { note: answer.text } : {}),
          ...(incomplete ? { acceptIncomplete: true } : {}),
        });
        if (!ctx.isCurrent()) return;
        ctx.announce(
          action === 'withdraw'
            ? 'Die Zahlen wurden von der Website genommen.'
            : 'Die Zahlen sind veröffentlicht. Die Website ist in wenigen Sekunden aktualisiert.',
          { next: true },
        );
        ctx.go({ name: 'statistics', path: `/stichtage/${date}` }, { replace: true });
      } catch (err) {
        if (err instanceof SignedOut || !ctx.isCurrent()) return;
        for (const x of buttons) x.disabled = false;
        ctx.announce('');
        showSummary(summarySlot, errorSummary(err));
      }
    });
    return b;
  });

  const approved = agg.pending.filter((x) => x.status === 'approved');
  const acceptSlot = h('div', {});
  const acceptAll = h('button', { type: 'button' }, `Alle ${approved.length} freigegebenen Meldungen annehmen`);
  acceptAll.addEventListener('click', async () => {
    acceptAll.disabled = true;
    ctx.announce('Wird ausgeführt …');
    try {
      const { results } = await sapi.dateAction(date, 'accept');
      if (!ctx.isCurrent()) return;
      const byPartner = new Map<string, typeof results>();
      for (const r of results) byPartner.set(r.partner, [...(byPartner.get(r.partner) ?? []), r]);
      const accepted = results.filter((r) => r.ok).length;
      ctx.announce(`${accepted} von ${results.length} Meldungen angenommen.`);
      acceptSlot.replaceChildren(
        h('h3', {}, 'Ergebnis je Träger'),
        h(
          'ul',
          { class: 'batch-results' },
          [...byPartner].map(([partner, rs]) =>
            h(
              'li',
              {},
              h('strong', {}, `${partnerShort(partner as PartnerId)}: `),
              `${rs.filter((r) => r.ok).length} von ${rs.length} angenommen`,
              rs.some((r) => !r.ok) &&
                h(
                  'ul',
                  {},
                  rs.filter((r) => !r.ok).map((r) => h('li', {}, `${r.municipality}: ${r.message}`)),
                ),
            ),
          ),
        ),
        h(
          'p',
          {},
          h(
            'a',
            {
              href: statHref(`/stichtage/${date}`),
              onclick: (e: Event) => {
                e.preventDefault();
                ctx.go({ name: 'statistics', path: `/stichtage/${date}` }, { replace: true });
              },
            },
            'Stichtag neu laden',
          ),
        ),
      );
    } catch (err) {
      if (err instanceof SignedOut || !ctx.isCurrent()) return;
      acceptAll.disabled = false;
      ctx.announce('');
      showSummary(acceptSlot, errorSummary(err));
    }
  });

  const actionsId = nextId('day-actions');
  const missingList =
    c.missing.length > 0 &&
    h(
      'ul',
      { class: 'missing' },
      c.missing.map((m) => {
        const pending = agg.pending.find((x) => x.partner === m.partner && x.municipality === m.municipality);
        // The press office does not see partners' drafts, so "not released" is all it can know.
        return h(
          'li',
          {},
          `${m.municipality} (${partnerShort(m.partner)}): `,
          pending ? submissionBadge(pending.status) : submissionBadge('none', 'Beim Träger, noch nicht freigegeben'),
        );
      }),
    );
  const publicUrl = `${ctx.config.publicSiteUrl}/statistik/${date}/`;

  ctx.show(
    dayTitle(snapshot),
    h(
      'p',
      { class: 'lead' },
      snapshotBadge(snapshot),
      ...(p
        ? [
            ` · veröffentlicht am ${germanDay(p.firstPublishedAt.slice(0, 10))}`,
            ...(p.corrections.length ? [' · korrigiert am ', time(p.corrections.at(-1)!.at)] : []),
          ]
        : []),
    ),
    agg.demo && h('p', { class: 'notice' }, 'Enthält Demo-Daten: Bei einer Veröffentlichung sagt die Website, dass die Zahlen erfunden sind.'),
    h(
      'section',
      { class: 'actions', 'aria-labelledby': actionsId },
      h('h2', { id: actionsId }, 'Veröffentlichung'),
      summarySlot,
      h(
        'p',
        { class: 'hint' },
        snapshot.origin !== 'submissions'
          ? 'Diese Zahlen stammen aus einer veröffentlichten Quelle und werden nicht aus Meldungen berechnet.'
          : snapshot.status === 'published'
            ? 'Veröffentlicht. Nimmt die Pressestelle Korrekturen an, können die korrigierten Zahlen mit einem Hinweis neu veröffentlicht werden.'
            : 'Veröffentlicht werden die Summen der angenommenen Meldungen und die geschützte Aufschlüsselung.',
      ),
      p && h('p', {}, h('a', { href: publicUrl }, 'Auf der Website ansehen')),
      buttons.length > 0 && h('div', { class: 'button-row' }, ...buttons),
    ),
    isPress(ctx) &&
      approved.length > 0 &&
      section(
        'Meldungen annehmen',
        h(
          'p',
          { class: 'hint' },
          `Von den Trägern freigegeben: ${approved.map((x) => `${x.municipality} (${partnerShort(x.partner)})`).join(', ')}. Jede Meldung wird einzeln geprüft; das Ergebnis steht danach je Träger hier.`,
        ),
        h('div', { class: 'button-row' }, acceptAll),
        acceptSlot,
      ),
    snapshot.origin === 'submissions' &&
      section(
        'Vollständigkeit',
        h(
          'p',
          { class: 'completeness' },
          h('strong', {}, `${c.received} von ${c.expected}`),
          ' erwarteten Meldungen sind angenommen.',
          isComplete(c) ? ' Alle Meldungen liegen vor.' : '',
        ),
        h('progress', { max: String(Math.max(c.expected, 1)), value: String(c.received), 'aria-label': 'Anteil der angenommenen Meldungen' }),
        missingList && h('h3', {}, 'Es fehlen'),
        missingList,
        c.unassigned.length > 0 &&
          h(
            'p',
            { class: 'hint' },
            `Angenommen, aber nicht mehr zugeordnet (zählt trotzdem): ${c.unassigned.map((u) => `${u.municipality} (${partnerShort(u.partner)})`).join(', ')}.`,
          ),
        agg.corrections.length > 0 &&
          h(
            'p',
            { class: 'notice' },
            `Korrekturen in Arbeit (es gelten noch die angenommenen Zahlen): ${agg.corrections.map((x) => `${x.municipality} (${partnerShort(x.partner)})`).join(', ')}.`,
          ),
      ),
    snapshot.origin === 'submissions' &&
      section(
        'Summe für den Landkreis',
        agg.totals
          ? countsTable(agg.totals, `Summe der angenommenen Meldungen, ${dayTitle(snapshot)}`)
          : h('p', { class: 'empty' }, 'Noch keine angenommenen Meldungen.'),
      ),
    preview &&
      section(
        'Aufschlüsselung, wie sie veröffentlicht würde',
        h('p', { class: 'hint' }, suppressedLegend(day.threshold)),
        previewTable(preview, 'municipality'),
        previewTable(preview, 'partner'),
      ),
    p &&
      snapshot.origin !== 'submissions' &&
      section(
        'Veröffentlichte Zahlen',
        countsTable(Object.fromEntries(COUNT_KEYS.map((k) => [k, p.figures[k].count])), 'Wie veröffentlicht (drei Anzahlen aus Anteilen errechnet)'),
      ),
    section(
      'Verlauf',
      auditList(snapshot.audit, (a) => SNAPSHOT_AUDIT[a] ?? a),
    ),
    h('p', {}, h('a', { href: statHref() }, 'Zur Statistik')),
  );
}

/** The press office's form to open a new reporting date. */
export function newDayForm(ctx: Context, sapi: StatisticsApi): HTMLElement {
  const id = nextId('new-day');
  const input = h('input', { type: 'date', id, name: 'date', required: true, 'aria-describedby': `${id}-hint` });
  const error = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const button = h('button', { type: 'submit' }, 'Stichtag anlegen');
  const form = h(
    'form',
    { class: 'inline-form', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { for: id }, 'Neuer Stichtag'),
      h('p', { id: `${id}-hint`, class: 'hint' }, 'Zum Beispiel der 30. Juni oder der 31. Dezember. Die Träger können ab diesem Tag melden.'),
      error,
      input,
    ),
    button,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    try {
      const created = await sapi.createSnapshot(input.value);
      ctx.announce(`Der Stichtag ${germanDay(created.date)} ist angelegt.`, { next: true });
      ctx.go({ name: 'statistics', path: `/stichtage/${created.date}` });
    } catch (err) {
      if (err instanceof SignedOut || !ctx.isCurrent()) return;
      button.disabled = false;
      const message = err instanceof ApiError ? (err.problems[0]?.message ?? err.message) : 'Der Stichtag konnte nicht angelegt werden.';
      error.replaceChildren(h('span', { class: 'visually-hidden' }, 'Fehler: '), message);
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${id}-hint ${error.id}`);
      input.focus();
    }
  });
  return form;
}
