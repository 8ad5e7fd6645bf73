import { toBerlinLocal } from './berlin-time.ts';
import { type MailBlock, renderMail } from './mail.ts';
import { markdownToText, renderMarkdown } from './markdown.ts';
import type { PublicPhoto } from './photos.ts';
import { embargoed, embargoLine, type ReleaseMailSnapshot } from './release-send.ts';

/**
 * A press release as a mail to journalists (Presseverteiler): the release in the body,
 * the embargo first in subject and text when there is one, photos as download links with
 * their credit, the press contact and the boilerplate. What a send mails is fixed when
 * the send starts (`ReleaseMailSnapshot`), so every recipient of one send gets the same text.
 */

/**
 * The standing text under every release (content/boilerplate.md, which the site renders;
 * test/unit/release-mail.test.ts keeps the two the same).
 */
export const BOILERPLATE = {
  title: 'Über das Integrationsmanagement im Landkreis Ludwigsburg',
  paragraphs: [
    'Seit 2018 begleiten Integrationsmanagerinnen und Integrationsmanager im Landkreis Ludwigsburg geflüchtete Menschen, deren Asylverfahren abgeschlossen ist, auf dem Weg in ein selbstständiges Leben: bei der Suche nach einer Wohnung und nach Arbeit, beim Deutschlernen, in Fragen der Familie und der Gesundheit und bei der Teilhabe am Leben vor Ort. Gemeinsam mit den Ratsuchenden vereinbaren sie Ziele, vermitteln an Fachdienste und ziehen sich Schritt für Schritt zurück, sobald jemand seinen Weg im örtlichen Netzwerk allein gehen kann.',
    '48 Integrationsmanagerinnen und Integrationsmanager arbeiten in 34 der 39 Städte und Gemeinden des Landkreises, jeweils eng verbunden mit dem Rathaus und den Ehrenamtlichen vor Ort. Träger sind die Arbeiterwohlfahrt (AWO) Kreisverband Ludwigsburg, die Caritas Ludwigsburg-Waiblingen-Enz, der Kreisdiakonieverband im Landkreis Ludwigsburg, das Deutsche Rote Kreuz Kreisverband Ludwigsburg und das Landratsamt Ludwigsburg. Das Land Baden-Württemberg fördert das Integrationsmanagement.',
  ],
};

/**
 * What one recipient's copy adds, as the distribution lists give it: the headers to leave
 * the list in one click (List-Unsubscribe, List-Unsubscribe-Post: RFC 8058) and the links
 * in the footer (topics, unsubscribe).
 */
export interface RecipientPart {
  headers?: Record<string, string>;
  links?: { label: string; href: string }[];
}

const germanDate = (at: Date) => {
  const [y, m, d] = toBerlinLocal(at).slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
};

/** A photo's download for the press: its largest processed JPEG. */
const largestJpeg = (p: PublicPhoto) => p.derivatives.filter((d) => d.format === 'jpeg').reduce((a, b) => (b.width > a.width ? b : a)).path;

/** The release mail of a send, for one recipient, as it reads at `now`. */
export function renderReleaseMail(
  s: ReleaseMailSnapshot,
  now: Date,
  own: RecipientPart = {},
): { subject: string; html: string; text: string; headers?: Record<string, string> } {
  const r = s.release;
  const embargo = embargoed(s, now) ? embargoLine(new Date(s.embargoAt!)) : undefined;
  const prefix = [s.kind === 'test' ? '[TEST]' : '', embargo ?? '', s.kind === 'correction' ? 'KORREKTUR' : ''].filter(Boolean).join(' – ');
  const subject = prefix ? `${prefix}: ${r.headline}` : r.headline;
  const blocks: MailBlock[] = [];
  if (embargo) blocks.push({ kind: 'alert', text: `${embargo}. Bitte nicht vor diesem Zeitpunkt veröffentlichen.` });
  if (s.kind === 'test') blocks.push({ kind: 'paragraph', text: 'Dies ist ein Test an Sie selbst; der Verteiler hat diese Mail nicht erhalten.' });
  if (s.kind === 'correction')
    blocks.push({ kind: 'alert', text: `Korrektur: ${s.correctionNote ?? 'Diese Pressemitteilung wurde berichtigt.'} Bitte verwenden Sie diese Fassung.` });
  if (embargo) blocks.push({ kind: 'heading', text: r.headline });
  if (r.subline) blocks.push({ kind: 'paragraph', text: r.subline });
  blocks.push({ kind: 'paragraph', text: `${r.datelinePlace}, ${germanDate(new Date(r.publishedAt))} – ${r.lead}` });
  blocks.push({ kind: 'markdown', html: renderMarkdown(r.body), text: markdownToText(r.body) });
  for (const q of r.quotes) blocks.push({ kind: 'paragraph', text: `„${q.text}“ – ${q.name}, ${q.function}, ${q.organisation}` });
  blocks.push({
    kind: 'link',
    label: embargo ? 'Die Pressemitteilung online (vertraulich bis zur Sperrfrist, nicht weitergeben)' : 'Die Pressemitteilung auf unserer Website',
    href: s.link,
  });
  if (r.photos.length) {
    blocks.push({ kind: 'heading', text: 'Fotos zum Herunterladen' });
    // The largest processed JPEG: on the site exactly while the release is public, so before the Sperrfrist it answers nothing yet.
    for (const p of r.photos) blocks.push({ kind: 'link', label: `${p.alt} (Foto: ${p.credit})`, href: `${s.siteUrl}${largestJpeg(p)}` });
    blocks.push({ kind: 'paragraph', text: 'Die Fotos dürfen mit Angabe der Quelle in der Berichterstattung verwendet werden.' });
    if (embargo) blocks.push({ kind: 'paragraph', text: 'Die Fotos sind ab dem Ende der Sperrfrist unter diesen Adressen abrufbar.' });
  }
  blocks.push({ kind: 'heading', text: 'Pressekontakt' });
  for (const c of r.contacts)
    blocks.push({
      kind: 'facts',
      rows: [
        { label: 'Name', value: `${c.name}, ${c.function}` },
        { label: 'Telefon', value: c.phone },
        { label: 'E-Mail', value: c.email },
      ],
    });
  blocks.push({ kind: 'heading', text: BOILERPLATE.title });
  for (const text of BOILERPLATE.paragraphs) blocks.push({ kind: 'paragraph', text });
  const footer: MailBlock[] = [
    {
      kind: 'paragraph',
      text:
        s.kind === 'test'
          ? 'Test aus der Redaktion des Integrationsmanagements.'
          : 'Sie erhalten diese Pressemitteilung, weil Sie sich für den Presseverteiler des Integrationsmanagements im Landkreis Ludwigsburg angemeldet haben.',
    },
    ...(own.links ?? []).map((l) => ({ kind: 'link' as const, label: l.label, href: l.href })),
  ];
  const mail = renderMail({ subject, preheader: embargo ?? r.lead.slice(0, 120), heading: embargo ?? r.headline, blocks, footer });
  return { ...mail, ...(own.headers && Object.keys(own.headers).length ? { headers: own.headers } : {}) };
}
