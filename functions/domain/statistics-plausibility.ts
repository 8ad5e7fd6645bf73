import { COUNT_KEYS, type CountKey, type Counts, figure, type PartialCounts } from './statistics.ts';

/**
 * Plausibility against the previous reporting date: a figure that moved more than the
 * configured share since then, or a count that can only grow and fell, is not refused
 * (it may be right) but flagged; the author explains it in a reason the partner lead
 * reads before approving. Submitting is refused while a flag has no reason.
 */

/** ±30 %: larger moves between two reporting dates are rare enough to ask why. */
export const DEFAULT_CHANGE_THRESHOLD = 30;

/**
 * Below this absolute difference no change is flagged: in a small office 2 → 3 clients
 * is +50 % and nothing to explain.
 */
export const MIN_FLAGGED_DIFFERENCE = 3;

/** A reason must say something: at least this many characters. */
export const MIN_REASON_LENGTH = 10;

export interface PlausibilityRules {
  /** Percent; a change larger than this (either way) is flagged. */
  changeThreshold: number;
  /** Counts that run from the programme's start and so can never fall. */
  cumulative: readonly CountKey[];
}

/** Counts kept since the programme's start. Every figure entered today is a stock or a per-period flow (statistics.ts), so none is. */
export const CUMULATIVE_KEYS: readonly CountKey[] = [];

export const defaultRules = (changeThreshold = DEFAULT_CHANGE_THRESHOLD): PlausibilityRules => ({ changeThreshold, cumulative: CUMULATIVE_KEYS });

export interface PlausibilityFlag {
  field: CountKey;
  kind: 'change' | 'falls';
  previous: number;
  current: number;
  /** Rounded to whole percent; absent when the previous value was 0. */
  changePercent?: number;
  message: string;
}

const fmt = (n: number) => n.toLocaleString('de-DE');

/** The flags of one municipality's counts against its counts on the previous reporting date. */
export function plausibilityFlags(current: PartialCounts, previous: Partial<Counts> | undefined, rules: PlausibilityRules): PlausibilityFlag[] {
  if (!previous) return [];
  const flags: PlausibilityFlag[] = [];
  for (const field of COUNT_KEYS) {
    const now = current[field];
    const before = previous[field];
    if (typeof now !== 'number' || typeof before !== 'number' || !Number.isInteger(now) || now < 0) continue;
    const label = figure(field).label;
    const changePercent = before > 0 ? Math.round(((now - before) / before) * 100) : undefined;
    if (rules.cumulative.includes(field) && now < before) {
      flags.push({
        field,
        kind: 'falls',
        previous: before,
        current: now,
        ...(changePercent !== undefined ? { changePercent } : {}),
        message: `${label}: ${fmt(now)} ist weniger als am vorigen Stichtag (${fmt(before)}), obwohl diese Zahl seit Beginn gezählt wird und nur wachsen kann.`,
      });
      continue;
    }
    const difference = Math.abs(now - before);
    if (difference < MIN_FLAGGED_DIFFERENCE) continue;
    if (before === 0 || (difference / before) * 100 > rules.changeThreshold) {
      const how = before === 0 ? 'war am vorigen Stichtag 0' : `${changePercent! > 0 ? '+' : '−'}${fmt(Math.abs(changePercent!))} %`;
      flags.push({
        field,
        kind: 'change',
        previous: before,
        current: now,
        ...(changePercent !== undefined ? { changePercent } : {}),
        message: `${label}: ${fmt(before)} → ${fmt(now)} (${how}), mehr als ±${fmt(rules.changeThreshold)} % gegenüber dem vorigen Stichtag.`,
      });
    }
  }
  return flags;
}

export type Reasons = Partial<Record<CountKey, string>>;

/** The flags still without a reason of at least MIN_REASON_LENGTH characters, as German problems for the field. */
export function unexplainedFlags(flags: readonly PlausibilityFlag[], reasons: Reasons | undefined): { field: CountKey; message: string }[] {
  return flags
    .filter((f) => (reasons?.[f.field]?.trim().length ?? 0) < MIN_REASON_LENGTH)
    .map((f) => ({ field: f.field, message: `${f.message} Bitte begründen (mindestens ${MIN_REASON_LENGTH} Zeichen).` }));
}

/** Only the reasons for fields that are flagged now: an explanation for a change that is gone would mislead the lead. */
export function keptReasons(flags: readonly PlausibilityFlag[], reasons: Reasons | undefined): Reasons {
  const out: Reasons = {};
  for (const f of flags) {
    const r = reasons?.[f.field]?.trim();
    if (r) out[f.field] = r;
  }
  return out;
}
