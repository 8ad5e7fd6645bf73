/**
 * Text checks on submit: contact data and addresses in a story can identify a client
 * or put them at risk. Each finding names the field, the line and the text found, so
 * the author can fix it or confirm that it is meant (e.g. the office's own phone number).
 */
export interface TextFinding {
  kind: 'email' | 'phone' | 'iban' | 'address';
  field: string;
  line: number;
  match: string;
}

export const FINDING_LABELS: Record<TextFinding['kind'], string> = {
  email: 'eine E-Mail-Adresse',
  phone: 'eine Telefonnummer',
  iban: 'eine IBAN',
  address: 'eine Straßenadresse',
};

const PATTERNS: [TextFinding['kind'], RegExp][] = [
  ['email', /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu],
  ['iban', /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?\b/g],
  // German and international numbers: +49 …, 0049 …, 07141 …, (07141) 123-456; at least 7 digits.
  ['phone', /(?<![\w.])(?:\+\d{1,3}[\s/-]?|00\d{1,3}[\s/-]?|\(0\d{2,5}\)\s?|0\d{2,5}[\s/-]?)\d[\d\s/-]{4,}\d(?!\w)/g],
  // "Musterstraße 12", "Am Marktplatz 3a", "Schillerstr. 5", "Bahnhofweg 1".
  [
    'address',
    /\b(?:[\p{Lu}][\p{L}-]*(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|steige|steig)|(?:Am|An der|Auf dem|Im|In der|Zum|Zur)\s[\p{Lu}][\p{L}-]+)\s\d{1,4}\s?[a-zA-Z]?\b/gu,
  ],
];

export function findPersonalData(fields: Record<string, string | undefined>): TextFinding[] {
  const findings: TextFinding[] = [];
  for (const [field, text] of Object.entries(fields)) {
    if (!text) continue;
    for (const [kind, pattern] of PATTERNS) {
      for (const m of text.matchAll(pattern)) {
        const match = m[0].trim();
        if (kind === 'phone' && match.replace(/\D/g, '').length < 7) continue;
        if (kind === 'phone' && findings.some((f) => f.field === field && f.kind === 'iban' && f.match.includes(match))) continue;
        findings.push({ kind, field, line: text.slice(0, m.index).split('\n').length, match });
      }
    }
  }
  return findings;
}

const FIELD_LABELS: Record<string, string> = { title: 'Titel', teaser: 'Anreißer', body: 'Text' };

export function describeFinding(f: TextFinding): string {
  return `${FIELD_LABELS[f.field] ?? f.field}, Zeile ${f.line}: Hier steht ${FINDING_LABELS[f.kind]} („${f.match}“). Bitte entfernen oder beim Einreichen bestätigen, dass sie veröffentlicht werden darf.`;
}
