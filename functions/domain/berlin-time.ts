/**
 * Wall-clock time in Europe/Berlin, where embargoes are set. An embargo is entered as
 * local date and time ("25.03.2027, 10:00") and stored as the UTC instant it denotes,
 * so it is right across daylight-saving changes.
 */
const ZONE = 'Europe/Berlin';

// Made on first use: the first Intl object of a process loads the time zone data, a large part
// of a function's cold start, and many requests never read a Berlin clock.
let parts: Intl.DateTimeFormat | undefined;

/** The Berlin wall-clock reading of an instant, as "YYYY-MM-DDTHH:mm". */
export function toBerlinLocal(at: Date): string {
  parts ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** Offset of Berlin from UTC at an instant, in minutes (60 in winter, 120 in summer). */
function offsetMinutes(at: Date): number {
  const local = toBerlinLocal(at);
  return Math.round((Date.parse(`${local}:00Z`) - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

export type LocalTimeResult = { ok: true; at: Date } | { ok: false; message: string };

/**
 * The instant of a Berlin wall-clock time "YYYY-MM-DDTHH:mm". A time skipped when the
 * clocks go forward (last Sunday of March, 02:00–02:59) does not exist and is refused;
 * a time that occurs twice when they go back (last Sunday of October, 02:00–02:59) means
 * the first occurrence (still summer time), which the editor shows with its offset.
 */
export function fromBerlinLocal(local: string): LocalTimeResult {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) || Number.isNaN(Date.parse(`${local}:00Z`))) {
    return { ok: false, message: 'Bitte Datum und Uhrzeit im Format TT.MM.JJJJ, HH:MM angeben.' };
  }
  const asUtc = Date.parse(`${local}:00Z`);
  // Try summer time first (the earlier instant), then winter time.
  for (const offset of [120, 60]) {
    const candidate = new Date(asUtc - offset * 60_000);
    if (toBerlinLocal(candidate) === local && offsetMinutes(candidate) === offset) return { ok: true, at: candidate };
  }
  return {
    ok: false,
    message: `Die Uhrzeit ${local.slice(11)} gibt es am ${germanDay(local)} nicht: Die Uhr wird in dieser Nacht von 2 auf 3 Uhr vorgestellt.`,
  };
}

function germanDay(local: string): string {
  const [y, m, d] = local.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}

// Made on first use, like `parts` above.
let longBerlin: Intl.DateTimeFormat | undefined;

/** „25. März 2027, 10:00 Uhr“ in running text, Berlin time. */
export function longGermanDateTime(at: Date): string {
  longBerlin ??= new Intl.DateTimeFormat('de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Berlin' });
  return `${longBerlin.format(at)}, ${toBerlinLocal(at).slice(11)} Uhr`;
}

/** "25.03.2027, 10:00 Uhr" for people. */
export function germanDateTime(at: Date): string {
  const local = toBerlinLocal(at);
  return `${germanDay(local)}, ${local.slice(11)} Uhr`;
}
