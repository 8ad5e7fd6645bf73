import { type Actor, hasRole } from '@newsroom/domain/actor.ts';
import { ConflictError, expectVersion, NotFound, refuse } from '@newsroom/domain/errors.ts';
import type { Municipality } from '@newsroom/domain/municipalities.ts';
import { partnerShort } from '@newsroom/domain/partners.ts';
import { type Counts, countyToday, describeSettingsChange, germanDay, type Settings, type SettingsInput, submissionId } from '@newsroom/domain/statistics.ts';
import {
  DEFAULT_CHANGE_THRESHOLD,
  defaultRules,
  keptReasons,
  plausibilityFlags,
  type Reasons,
  unexplainedFlags,
} from '@newsroom/domain/statistics-plausibility.ts';
import { aggregate, canCreateSnapshot, decideSnapshot, type Snapshot, type SnapshotAction } from '@newsroom/domain/statistics-snapshot.ts';
import { protectBreakdown } from '@newsroom/domain/statistics-suppression.ts';
import {
  canCreateSubmission,
  canEditSubmission,
  canReadSubmission,
  cleanCounts,
  decideSubmission,
  latestAccepted,
  type Submission,
  type SubmissionAction,
  type SubmissionStatus,
} from '@newsroom/domain/statistics-workflow.ts';
import {
  allSnapshots,
  getSettings,
  getSnapshot,
  getSubmission,
  putNewSnapshot,
  putNewSubmission,
  replaceSnapshot,
  replaceSubmission,
  saveSettings,
  submissionsOfDate,
  submissionsOfPartner,
} from '@newsroom/store/statistics.ts';
import type { Ports } from './ports.ts';

/**
 * What a request does with the statistics: partners' submissions per municipality and
 * reporting date, the county's snapshot and its publication. Each change is one
 * conditional write of the whole item; refusals are thrown in the domain's terms.
 */

export const isCounty = (actor: Actor) => hasRole(actor, 'press') || hasRole(actor, 'admin');

/** A refusal that belongs to one field of the form. */
function fieldRefusal(message: string, field: string): never {
  refuse({ reason: 'invalid', message, problems: [{ field, message }] });
}

async function readableSubmission(p: Ports, actor: Actor, id: string): Promise<Submission> {
  const s = await getSubmission(id, p.db);
  if (!s || !canReadSubmission(actor, s)) throw new NotFound('Diese Meldung gibt es nicht oder Sie dürfen sie nicht sehen.');
  return s;
}

/** A submission is possible only for the municipalities the administration assigned to the partner. */
function checkAssignment(settings: Settings, actor: Actor, municipality: Municipality): void {
  if ((settings.assignment[actor.partner] ?? []).includes(municipality)) return;
  fieldRefusal(
    `${partnerShort(actor.partner)} ist für ${municipality} nicht als Träger eingetragen. Meldungen sind nur für die zugeordneten Städte und Gemeinden möglich; die Zuordnung pflegt die Administration.`,
    'municipality',
  );
}

/** A submission belongs to a reporting date the press office opened for submissions, from that day on. */
function checkReportingDate(snapshot: Snapshot | undefined, date: string, now: Date): void {
  if (!snapshot) fieldRefusal(`Zum ${germanDay(date)} hat die Pressestelle keinen Stichtag angelegt.`, 'date');
  if (snapshot.origin !== 'submissions')
    fieldRefusal(
      `Für den Stichtag ${snapshot.dateLabel ?? germanDay(date)} gibt es nur die veröffentlichten Zahlen der Quelle; Meldungen sind nicht möglich.`,
      'date',
    );
  if (date > countyToday(now)) fieldRefusal(`Zahlen zum Stichtag ${germanDay(date)} können erst ab diesem Tag gemeldet werden.`, 'date');
}

/**
 * The partners' reporting date just before `date`: the start of the flow figures'
 * period. Figures taken from a published source do not count: partners report
 * "since the last reporting date" of their own cycle.
 */
async function previousDate(p: Ports, date: string): Promise<string | undefined> {
  return (await allSnapshots(p.db))
    .filter((s) => s.origin === 'submissions')
    .map((s) => s.date)
    .filter((d) => d < date)
    .sort()
    .at(-1);
}

/** The assignment of municipalities to partners and the suppression threshold (defaults until an administrator saves). */
export const readSettings = (p: Ports) => getSettings(p.db);

/** Every reporting date, newest first. */
export const reportingDates = (p: Ports) => allSnapshots(p.db);

/** The assignment and threshold, by an administrator; the audit says what changed. */
export async function changeSettings(p: Ports, actor: Actor, body: SettingsInput & { version: number }): Promise<Settings> {
  const current = await getSettings(p.db);
  expectVersion('settings', current, body.version);
  const at = p.clock.now().toISOString();
  return saveSettings(
    {
      assignment: body.assignment,
      threshold: body.threshold,
      ...((body.changeThreshold ?? current.changeThreshold) !== undefined ? { changeThreshold: body.changeThreshold ?? current.changeThreshold } : {}),
      version: current.version + 1,
      updatedAt: at,
      // Once an administrator saves, the assignment is theirs, not the demo one.
      audit: [...current.audit, { at, by: actor.sub, byName: actor.name, action: 'settings', comment: describeSettingsChange(current, body) }],
    },
    p.db,
  );
}

/** The press office opens a reporting date for the partners' submissions. */
export async function openReportingDate(p: Ports, actor: Actor, date: string): Promise<Snapshot> {
  const denied = canCreateSnapshot(actor);
  if (denied) refuse({ reason: 'forbidden', message: denied });
  if (await getSnapshot(date, p.db)) refuse({ reason: 'state', message: `Den Stichtag ${germanDay(date)} gibt es schon.` });
  const at = p.clock.now().toISOString();
  const snapshot: Snapshot = {
    date,
    status: 'open',
    origin: 'submissions',
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: actor.sub,
    createdByName: actor.name,
    audit: [{ at, by: actor.sub, byName: actor.name, action: 'create', to: 'open' }],
  };
  await putNewSnapshot(snapshot, p.db);
  return snapshot;
}

/**
 * A reporting date: for the press office and administrators the county aggregate
 * (totals, completeness, the protected breakdown as it would be published); for a
 * partner, its own submissions and its municipalities still missing.
 */
export async function reportingDate(p: Ports, actor: Actor, date: string) {
  const snapshot = await getSnapshot(date, p.db);
  if (!snapshot) throw new NotFound('Diesen Stichtag gibt es nicht.');
  const settings = await getSettings(p.db);
  if (isCounty(actor)) {
    const submissions = (await submissionsOfDate(date, undefined, p.db)).filter((s) => canReadSubmission(actor, s));
    const agg = aggregate(date, submissions, settings.assignment);
    return {
      audience: 'county' as const,
      snapshot,
      threshold: settings.threshold,
      aggregate: agg,
      preview: agg.cells.length ? protectBreakdown(agg.cells, settings.threshold) : undefined,
    };
  }
  const own = await submissionsOfPartner(actor.partner, date, p.db);
  const assigned = settings.assignment[actor.partner] ?? [];
  return { audience: 'partner' as const, snapshot, submissions: own, missing: assigned.filter((m) => !own.some((s) => s.municipality === m)) };
}

export interface SnapshotTransition {
  action: SnapshotAction;
  version: number;
  /** Required when figures already published change: the public note ("korrigiert am …"). */
  note?: string;
  /** The press office has seen that submissions are missing and publishes anyway. */
  acceptIncomplete?: boolean;
}

/** Publishes a reporting date's figures (protected as the domain decides) or takes them off the site. */
export async function transitionSnapshot(
  p: Ports,
  actor: Actor,
  date: string,
  { action, version, note, acceptIncomplete }: SnapshotTransition,
): Promise<Snapshot> {
  const snapshot = await getSnapshot(date, p.db);
  if (!snapshot) throw new NotFound('Diesen Stichtag gibt es nicht.');
  expectVersion('snapshot', snapshot, version);
  const now = p.clock.now();
  const settings = await getSettings(p.db);
  const submissions = action === 'publish' ? await submissionsOfDate(snapshot.date, undefined, p.db) : [];
  const decision = decideSnapshot(snapshot, action, actor, {
    now,
    note,
    acceptIncomplete,
    threshold: settings.threshold,
    aggregate: aggregate(snapshot.date, submissions, settings.assignment),
    previousDate: action === 'publish' ? await previousDate(p, snapshot.date) : undefined,
  });
  if (!decision.ok) refuse(decision);
  const saved = await replaceSnapshot({ ...decision.next, version: snapshot.version + 1 }, p.db);
  await p.events.announce({ kind: 'statistics', id: saved.date, change: decision.change, at: decision.audit.at });
  return saved;
}

export interface SubmissionFilter {
  date?: string;
  status?: SubmissionStatus;
  scope?: 'partner' | 'all';
}

/**
 * Partner staff list their own partner's submissions; the press office and
 * administrators list what partners have released, by date and status
 * (default: the press queue, approved, across all reporting dates).
 */
export async function listSubmissions(p: Ports, actor: Actor, { date, status, scope: asked }: SubmissionFilter): Promise<Submission[]> {
  const scope = asked ?? (isCounty(actor) ? 'all' : 'partner');
  if (scope === 'all' && !isCounty(actor)) refuse({ reason: 'forbidden', message: 'Meldungen anderer Träger sieht nur die Pressestelle.' });
  let items: Submission[];
  if (scope === 'partner') {
    items = (await submissionsOfPartner(actor.partner, date, p.db)).filter((s) => !status || s.status === status);
  } else {
    const wanted = status ?? 'approved';
    if (!['approved', 'accepted'].includes(wanted))
      refuse({ reason: 'forbidden', message: 'Entwürfe und eingereichte Meldungen sieht nur der eigene Träger.' });
    const dates = date ? [date] : (await allSnapshots(p.db)).filter((s) => s.origin === 'submissions').map((s) => s.date);
    items = (await Promise.all(dates.map((d) => submissionsOfDate(d, wanted, p.db)))).flat();
  }
  return items.filter((s) => canReadSubmission(actor, s));
}

/** A partner starts its submission for one municipality and reporting date; a second one for the same is refused. */
export async function createSubmission(
  p: Ports,
  actor: Actor,
  input: { date: string; municipality: Municipality; counts?: Partial<Counts> },
): Promise<Submission> {
  const denied = canCreateSubmission(actor);
  if (denied) refuse({ reason: 'forbidden', message: denied });
  const now = p.clock.now();
  checkReportingDate(await getSnapshot(input.date, p.db), input.date, now);
  checkAssignment(await getSettings(p.db), actor, input.municipality);
  const id = submissionId(input.date, actor.partner, input.municipality);
  if (await getSubmission(id, p.db)) {
    refuse(
      { reason: 'state', message: `Für ${input.municipality} gibt es zum Stichtag ${germanDay(input.date)} schon eine Meldung Ihres Trägers.` },
      { existingId: id },
    );
  }
  const at = now.toISOString();
  const submission: Submission = {
    id,
    date: input.date,
    partner: actor.partner,
    municipality: input.municipality,
    status: 'draft',
    counts: cleanCounts(input.counts ?? {}),
    revision: 1,
    accepted: [],
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: actor.sub,
    createdByName: actor.name,
    audit: [{ at, by: actor.sub, byName: actor.name, action: 'create', to: 'draft' }],
  };
  await putNewSubmission(submission, p.db);
  return submission;
}

export const readSubmission = readableSubmission;

export async function editSubmission(
  p: Ports,
  actor: Actor,
  id: string,
  { version, counts }: { version: number; counts: Partial<Counts> },
): Promise<Submission> {
  const s = await readableSubmission(p, actor, id);
  const denied = canEditSubmission(actor, s);
  if (denied) refuse({ reason: 'forbidden', message: denied });
  expectVersion('submission', s, version);
  const at = p.clock.now().toISOString();
  return replaceSubmission(
    {
      ...s,
      counts: cleanCounts(counts),
      version: s.version + 1,
      updatedAt: at,
      audit: [...s.audit, { at, by: actor.sub, byName: actor.name, action: 'edit' }],
    },
    p.db,
  );
}

export async function transitionSubmission(
  p: Ports,
  actor: Actor,
  id: string,
  { action, version, comment }: { action: SubmissionAction; version: number; comment?: string },
): Promise<Submission> {
  const s = await readableSubmission(p, actor, id);
  expectVersion('submission', s, version);
  const decision = decideSubmission(s, action, actor, { now: p.clock.now(), comment });
  if (!decision.ok) refuse(decision);
  if (action === 'submit') {
    // The assignment may have changed since the draft was started.
    const settings = await getSettings(p.db);
    checkAssignment(settings, actor, s.municipality);
    const problems = await unexplained(p, s, settings);
    if (problems.length) refuse({ reason: 'gate', message: 'Einreichen ist noch nicht möglich: Auffällige Änderungen sind nicht begründet.', problems });
  }
  return replaceSubmission({ ...decision.next, version: s.version + 1 }, p.db);
}

/** The accepted counts of the same partner and municipality on the previous partners' reporting date. */
async function previousCounts(p: Ports, partner: Submission['partner'], date: string) {
  const prevDate = await previousDate(p, date);
  const prev = prevDate ? await submissionsOfPartner(partner, prevDate, p.db) : [];
  const counts = new Map(prev.flatMap((s) => (s.accepted.length ? [[s.municipality, latestAccepted(s)!.counts] as const] : [])));
  return { prevDate, counts };
}

const rulesOf = (settings: Settings) => defaultRules(settings.changeThreshold ?? DEFAULT_CHANGE_THRESHOLD);

/**
 * A partner's grid for one reporting date: a row per assigned municipality (and any
 * other it already reported for), with its submission, the previous reporting date's
 * accepted counts and the plausibility flags of the stored counts.
 */
export async function partnerGrid(p: Ports, actor: Actor, date: string) {
  const denied = canCreateSubmission(actor);
  if (denied) refuse({ reason: 'forbidden', message: denied });
  const snapshot = await getSnapshot(date, p.db);
  if (!snapshot) throw new NotFound('Diesen Stichtag gibt es nicht.');
  const [settings, own, previous] = await Promise.all([
    getSettings(p.db),
    submissionsOfPartner(actor.partner, date, p.db),
    previousCounts(p, actor.partner, date),
  ]);
  const rules = rulesOf(settings);
  const municipalities = [...new Set([...(settings.assignment[actor.partner] ?? []), ...own.map((s) => s.municipality)])].sort((a, b) =>
    a.localeCompare(b, 'de'),
  );
  return {
    date,
    dateLabel: snapshot.dateLabel ?? germanDay(date),
    partner: actor.partner,
    ...(previous.prevDate ? { previousDate: previous.prevDate } : {}),
    changeThreshold: rules.changeThreshold,
    rows: municipalities.map((municipality) => {
      const submission = own.find((s) => s.municipality === municipality);
      const before = previous.counts.get(municipality);
      return {
        municipality,
        ...(submission ? { submission } : {}),
        ...(before ? { previous: before } : {}),
        flags: submission ? plausibilityFlags(submission.counts, before, rules) : [],
      };
    }),
  };
}

export interface GridRowInput {
  municipality: Municipality;
  version?: number;
  counts: Partial<Counts>;
  reasons?: Reasons;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Saves the partner's grid as drafts: every row is checked before anything is written
 * (a stale version, a municipality not assigned, a row no longer editable refuse the
 * whole save), then each changed row is one conditional write of its submission.
 */
export async function saveGrid(p: Ports, actor: Actor, date: string, rows: readonly GridRowInput[]) {
  const denied = canCreateSubmission(actor);
  if (denied) refuse({ reason: 'forbidden', message: denied });
  const now = p.clock.now();
  checkReportingDate(await getSnapshot(date, p.db), date, now);
  const [settings, own, previous] = await Promise.all([
    getSettings(p.db),
    submissionsOfPartner(actor.partner, date, p.db),
    previousCounts(p, actor.partner, date),
  ]);
  const rules = rulesOf(settings);
  const at = now.toISOString();
  const seen = new Set<string>();
  const writes: { next: Submission; isNew: boolean }[] = [];
  for (const row of rows) {
    if (seen.has(row.municipality)) fieldRefusal(`${row.municipality} steht zweimal in der Tabelle.`, row.municipality);
    seen.add(row.municipality);
    const counts = cleanCounts(row.counts);
    const reasons = keptReasons(plausibilityFlags(counts, previous.counts.get(row.municipality), rules), row.reasons);
    const existing = own.find((s) => s.municipality === row.municipality);
    if (!existing) {
      checkAssignment(settings, actor, row.municipality);
      if (row.version !== undefined) throw new ConflictError('submission', undefined);
      if (Object.keys(counts).length === 0) continue;
      writes.push({
        isNew: true,
        next: {
          id: submissionId(date, actor.partner, row.municipality),
          date,
          partner: actor.partner,
          municipality: row.municipality,
          status: 'draft',
          counts,
          ...(Object.keys(reasons).length ? { reasons } : {}),
          revision: 1,
          accepted: [],
          version: 1,
          createdAt: at,
          updatedAt: at,
          createdBy: actor.sub,
          createdByName: actor.name,
          audit: [{ at, by: actor.sub, byName: actor.name, action: 'create', to: 'draft' }],
        },
      });
      continue;
    }
    if (row.version === undefined) throw new ConflictError('submission', existing);
    expectVersion('submission', existing, row.version);
    if (sameJson(existing.counts, counts) && sameJson(existing.reasons ?? {}, reasons)) continue;
    const notEditable = canEditSubmission(actor, existing);
    if (notEditable) fieldRefusal(`${row.municipality}: ${notEditable}`, row.municipality);
    const { reasons: _old, ...rest } = existing;
    writes.push({
      isNew: false,
      next: {
        ...rest,
        counts,
        ...(Object.keys(reasons).length ? { reasons } : {}),
        version: existing.version + 1,
        updatedAt: at,
        audit: [...existing.audit, { at, by: actor.sub, byName: actor.name, action: 'edit' }],
      },
    });
  }
  for (const w of writes) {
    if (w.isNew) await putNewSubmission(w.next, p.db);
    else await replaceSubmission(w.next, p.db);
  }
  return partnerGrid(p, actor, date);
}

/** The gate a submit adds to the complete counts: every flagged change explained. */
async function unexplained(p: Ports, s: Submission, settings?: Settings): Promise<{ field: string; message: string }[]> {
  const { counts } = await previousCounts(p, s.partner, s.date);
  const flags = plausibilityFlags(s.counts, counts.get(s.municipality), rulesOf(settings ?? (await getSettings(p.db))));
  return unexplainedFlags(flags, s.reasons);
}

/** Results read by partner, then municipality, as the grid and the press office's list show them. */
const byPlace = (a: Submission, b: Submission) => a.partner.localeCompare(b.partner) || a.municipality.localeCompare(b.municipality, 'de');

export interface BatchOutcome {
  id: string;
  partner: Submission['partner'];
  municipality: Municipality;
  ok: boolean;
  status: SubmissionStatus;
  message?: string;
}

/**
 * One step for a whole reporting date. `submit`: the partner's whole grid, all or
 * nothing (every assigned municipality complete, consistent and with its flagged
 * changes explained, or nothing is submitted). `approve` (partner lead) and `accept`
 * (press office): every submission waiting for it, each decided on its own, four eyes
 * included; the answer says per submission what happened.
 */
export async function transitionDate(p: Ports, actor: Actor, date: string, action: 'submit' | 'approve' | 'accept'): Promise<BatchOutcome[]> {
  if (!(await getSnapshot(date, p.db))) throw new NotFound('Diesen Stichtag gibt es nicht.');
  const now = p.clock.now();
  if (action === 'submit') {
    const denied = canCreateSubmission(actor);
    if (denied) refuse({ reason: 'forbidden', message: denied });
    const settings = await getSettings(p.db);
    const own = (await submissionsOfPartner(actor.partner, date, p.db)).sort(byPlace);
    const open = own.filter((s) => s.status === 'draft' || s.status === 'returned');
    const problems: { field: string; message: string }[] = [];
    for (const m of settings.assignment[actor.partner] ?? []) {
      if (!own.some((s) => s.municipality === m)) problems.push({ field: m, message: `${m}: Es fehlen noch alle Zahlen.` });
    }
    for (const s of open) {
      const decision = decideSubmission(s, 'submit', actor, { now });
      if (!decision.ok)
        for (const msg of decision.problems.length ? decision.problems : [decision.message])
          problems.push({ field: s.municipality, message: `${s.municipality}: ${msg}` });
      for (const u of await unexplained(p, s, settings)) problems.push({ field: `${s.municipality}.${u.field}`, message: `${s.municipality}: ${u.message}` });
    }
    if (!open.length && !problems.length) refuse({ reason: 'state', message: 'Zu diesem Stichtag gibt es nichts mehr einzureichen.' });
    if (problems.length)
      refuse({ reason: 'gate', message: 'Der Stichtag kann noch nicht eingereicht werden: Nicht alle Zeilen sind vollständig und begründet.', problems });
    const out: BatchOutcome[] = [];
    for (const s of open) {
      const decision = decideSubmission(s, 'submit', actor, { now });
      if (!decision.ok) refuse(decision);
      const saved = await replaceSubmission({ ...decision.next, version: s.version + 1 }, p.db);
      out.push({ id: saved.id, partner: saved.partner, municipality: saved.municipality, ok: true, status: saved.status });
    }
    return out;
  }
  const waiting =
    action === 'approve'
      ? (await submissionsOfPartner(actor.partner, date, p.db)).filter((s) => s.status === 'submitted')
      : (await submissionsOfDate(date, 'approved', p.db)).filter((s) => canReadSubmission(actor, s));
  waiting.sort(byPlace);
  if (action === 'approve' && !hasRole(actor, 'partner-lead')) refuse({ reason: 'forbidden', message: 'Nur die Partnerleitung darf Meldungen freigeben.' });
  if (action === 'accept' && !hasRole(actor, 'press'))
    refuse({ reason: 'forbidden', message: 'Nur die Pressestelle des Landratsamts darf Meldungen annehmen.' });
  const out: BatchOutcome[] = [];
  for (const s of waiting) {
    const decision = decideSubmission(s, action, actor, { now });
    const base = { id: s.id, partner: s.partner, municipality: s.municipality };
    if (!decision.ok) {
      out.push({ ...base, ok: false, status: s.status, message: [decision.message, ...decision.problems].join(' ') });
      continue;
    }
    try {
      const saved = await replaceSubmission({ ...decision.next, version: s.version + 1 }, p.db);
      out.push({ ...base, ok: true, status: saved.status });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      out.push({ ...base, ok: false, status: s.status, message: err.message });
    }
  }
  return out;
}
