import { z } from 'zod';
import { hasRole, type Actor } from '../domain/actor.ts';
import { snapshotFor } from '../domain/audience.ts';
import { Municipality } from '../domain/municipalities.ts';
import { partnerShort } from '../domain/partners.ts';
import {
  aggregate, canCreateSnapshot, decideSnapshot, type Snapshot,
} from '../domain/statistics-snapshot.ts';
import { protectBreakdown } from '../domain/statistics-suppression.ts';
import {
  canCreateSubmission, canEditSubmission, canReadSubmission, cleanCounts, decideSubmission, submissionActions,
  submissionFor, SubmissionAction, SubmissionStatus, type Submission,
} from '../domain/statistics-workflow.ts';
import {
  countyToday, describeSettingsChange, germanDay, PartialCounts, ReportingDate, SettingsInput, submissionId, type Settings,
} from '../domain/statistics.ts';
import { expectVersion, refuse } from '../domain/errors.ts';
import { safeText } from '../domain/text.ts';
import { announce } from '../events/announce.ts';
import { lambdaHandler, type Request } from '../http/handler.ts';
import { conflict, forbidden, HttpError, json, notFound } from '../http/problem.ts';
import {
  allSnapshots, getSettings, getSnapshot, getSubmission, putNewSnapshot, putNewSubmission, replaceSnapshot,
  replaceSubmission, saveSettings, submissionsOfDate, submissionsOfPartner,
} from '../store/statistics.ts';

/** Injectable clock, so tests can move time. */
export const clock = { now: () => new Date() };

const Version = z.number({ error: 'Die Versionsnummer fehlt.' }).int().positive();

const isCounty = (actor: Actor) => hasRole(actor, 'press') || hasRole(actor, 'admin');

const subView = (s: Submission, actor: Actor) => ({ ...submissionFor(actor, s), actions: submissionActions(s, actor) });

async function readableSubmission(req: Request): Promise<Submission> {
  const s = await getSubmission(req.params.id!);
  if (!s || !canReadSubmission(req.actor, s)) throw notFound('Diese Meldung gibt es nicht oder Sie dürfen sie nicht sehen.');
  return s;
}

function fieldProblem(status: number, detail: string, field: string): HttpError {
  return new HttpError(status, status === 422 ? 'Nicht möglich' : 'Ungültige Anfrage', detail, [{ field, message: detail }]);
}

/** The checks that tie a submission to an open reporting date and to the partner's municipalities. */
function assignmentProblem(settings: Settings, actor: Actor, municipality: Municipality): HttpError | undefined {
  if ((settings.assignment[actor.partner] ?? []).includes(municipality)) return undefined;
  return fieldProblem(422, `${partnerShort(actor.partner)} ist für ${municipality} nicht als Träger eingetragen. Meldungen sind nur für die zugeordneten Städte und Gemeinden möglich; die Zuordnung pflegt die Administration.`, 'municipality');
}

function snapshotProblem(snapshot: Snapshot | undefined, date: string, now: Date): HttpError | undefined {
  if (!snapshot) return fieldProblem(422, `Zum ${germanDay(date)} hat die Pressestelle keinen Stichtag angelegt.`, 'date');
  if (snapshot.origin !== 'submissions') return fieldProblem(422, `Für den Stichtag ${snapshot.dateLabel ?? germanDay(date)} gibt es nur die veröffentlichten Zahlen der Quelle; Meldungen sind nicht möglich.`, 'date');
  if (date > countyToday(now)) return fieldProblem(422, `Zahlen zum Stichtag ${germanDay(date)} können erst ab diesem Tag gemeldet werden.`, 'date');
  return undefined;
}

const CreateBody = z.strictObject({
  date: ReportingDate,
  municipality: Municipality,
  counts: PartialCounts.optional(),
}, { error: 'Unbekannte Angaben in der Meldung.' });
const UpdateBody = z.strictObject({ version: Version, counts: PartialCounts });
const TransitionBody = z.strictObject({
  action: SubmissionAction,
  version: Version,
  comment: safeText('Der Kommentar').max(2000, 'Der Kommentar darf höchstens 2.000 Zeichen haben.').optional(),
});
const ListQuery = z.object({
  date: ReportingDate.optional(),
  status: SubmissionStatus.optional(),
  scope: z.enum(['partner', 'all'], { error: 'Unbekannter Bereich.' }).optional(),
});
const SettingsBody = SettingsInput.extend({ version: z.number({ error: 'Die Versionsnummer fehlt.' }).int().min(0) });
const SnapshotBody = z.strictObject({ date: ReportingDate });
const SnapshotTransitionBody = z.strictObject({
  action: z.enum(['publish', 'withdraw'], { error: 'Unbekannte Aktion.' }),
  version: Version,
  note: safeText('Der Hinweis').max(1000, 'Der Hinweis darf höchstens 1.000 Zeichen haben.').optional(),
  acceptIncomplete: z.boolean().optional(),
});

/**
 * The partners' reporting date just before `date`: the start of the flow figures'
 * period. Figures taken from a published source do not count: partners report
 * "since the last reporting date" of their own cycle.
 */
async function previousDate(date: string): Promise<string | undefined> {
  return (await allSnapshots()).filter((s) => s.origin === 'submissions').map((s) => s.date).filter((d) => d < date).sort().at(-1);
}

/** A snapshot as this actor may see it (audience.ts), with what they may do with it. */
const snapshotView = (s: Snapshot, actor: Actor) => ({ ...snapshotFor(actor, s).record, actions: snapshotActions(s, actor) });

function snapshotActions(s: Snapshot, actor: Actor): string[] {
  if (!hasRole(actor, 'press')) return [];
  if (s.status === 'published') return s.origin === 'submissions' ? ['publish', 'withdraw'] : ['withdraw'];
  if (s.origin !== 'submissions') return s.publication ? ['publish'] : [];
  return ['publish'];
}

export const handler = lambdaHandler('statistics', {
  'GET /statistics/settings': async () => json(200, await getSettings()),

  'PUT /statistics/settings': async (req) => {
    const body = req.body(SettingsBody, 'Die Einstellungen');
    const current = await getSettings();
    expectVersion('settings', current, body.version);
    const at = clock.now().toISOString();
    const next: Settings = {
      assignment: body.assignment,
      threshold: body.threshold,
      version: current.version + 1,
      updatedAt: at,
      // Once an administrator saves, the assignment is theirs, not the demo one.
      audit: [...current.audit, { at, by: req.actor.sub, byName: req.actor.name, action: 'settings', comment: describeSettingsChange(current, body) }],
    };
    return json(200, await saveSettings(next));
  },

  'GET /statistics/snapshots': async (req) => {
    const snapshots = await allSnapshots();
    return json(200, { items: snapshots.map((s) => snapshotView(s, req.actor)) });
  },

  'POST /statistics/snapshots': async (req) => {
    const denied = canCreateSnapshot(req.actor);
    if (denied) throw forbidden(denied);
    const { date } = req.body(SnapshotBody, 'Der Stichtag');
    if (await getSnapshot(date)) throw conflict(`Den Stichtag ${germanDay(date)} gibt es schon.`);
    const at = clock.now().toISOString();
    const snapshot: Snapshot = {
      date, status: 'open', origin: 'submissions', version: 1, createdAt: at, updatedAt: at,
      createdBy: req.actor.sub, createdByName: req.actor.name,
      audit: [{ at, by: req.actor.sub, byName: req.actor.name, action: 'create', to: 'open' }],
    };
    await putNewSnapshot(snapshot);
    return json(201, snapshotView(snapshot, req.actor), { location: `/statistics/snapshots/${date}` });
  },

  /**
   * The county aggregate of a reporting date for the press office and administrators
   * (totals, completeness, the protected breakdown as it would be published); for a
   * partner, its own submissions and its municipalities still missing.
   */
  'GET /statistics/snapshots/{date}': async (req) => {
    const date = ReportingDate.safeParse(req.params.date);
    if (!date.success) throw notFound('Diesen Stichtag gibt es nicht.');
    const snapshot = await getSnapshot(date.data);
    if (!snapshot) throw notFound('Diesen Stichtag gibt es nicht.');
    const settings = await getSettings();
    const view = snapshotView(snapshot, req.actor);
    if (isCounty(req.actor)) {
      const submissions = (await submissionsOfDate(date.data)).filter((s) => canReadSubmission(req.actor, s));
      const agg = aggregate(date.data, submissions, settings.assignment);
      return json(200, {
        snapshot: view,
        threshold: settings.threshold,
        aggregate: agg,
        preview: agg.cells.length ? protectBreakdown(agg.cells, settings.threshold) : undefined,
      });
    }
    const own = await submissionsOfPartner(req.actor.partner, date.data);
    const assigned = settings.assignment[req.actor.partner] ?? [];
    return json(200, {
      snapshot: view,
      submissions: own.map((s) => subView(s, req.actor)),
      missing: assigned.filter((m) => !own.some((s) => s.municipality === m)),
    });
  },

  'POST /statistics/snapshots/{date}/transitions': async (req) => {
    const { action, version, note, acceptIncomplete } = req.body(SnapshotTransitionBody, 'Die Aktion');
    const snapshot = await getSnapshot(req.params.date!);
    if (!snapshot) throw notFound('Diesen Stichtag gibt es nicht.');
    expectVersion('snapshot', snapshot, version);
    const now = clock.now();
    const settings = await getSettings();
    const submissions = action === 'publish' ? await submissionsOfDate(snapshot.date) : [];
    const decision = decideSnapshot(snapshot, action, req.actor, {
      now, note, acceptIncomplete, threshold: settings.threshold,
      aggregate: aggregate(snapshot.date, submissions, settings.assignment),
      previousDate: action === 'publish' ? await previousDate(snapshot.date) : undefined,
    });
    if (!decision.ok) refuse(decision);
    const saved = await replaceSnapshot({ ...decision.next, version: snapshot.version + 1 });
    await announce({ kind: 'statistics', id: saved.date, change: decision.change, at: decision.audit.at });
    return json(200, snapshotView(saved, req.actor));
  },

  /**
   * Partner staff list their own partner's submissions; the press office and
   * administrators list what partners have released, by date and status
   * (default: the press queue, approved, across all reporting dates).
   */
  'GET /statistics/submissions': async (req) => {
    const q = req.filter(ListQuery);
    const { date, status } = q;
    const scope = q.scope ?? (isCounty(req.actor) ? 'all' : 'partner');
    if (scope === 'all' && !isCounty(req.actor)) throw forbidden('Meldungen anderer Träger sieht nur die Pressestelle.');
    let items: Submission[];
    if (scope === 'partner') {
      items = (await submissionsOfPartner(req.actor.partner, date)).filter((s) => !status || s.status === status);
    } else {
      const wanted = status ?? 'approved';
      if (!['approved', 'accepted'].includes(wanted)) throw forbidden('Entwürfe und eingereichte Meldungen sieht nur der eigene Träger.');
      const dates = date ? [date] : (await allSnapshots()).filter((s) => s.origin === 'submissions').map((s) => s.date);
      items = (await Promise.all(dates.map((d) => submissionsOfDate(d, wanted)))).flat();
    }
    return json(200, { items: items.filter((s) => canReadSubmission(req.actor, s)).map((s) => subView(s, req.actor)) });
  },

  'POST /statistics/submissions': async (req) => {
    const denied = canCreateSubmission(req.actor);
    if (denied) throw forbidden(denied);
    const input = req.body(CreateBody, 'Die Angaben zur Meldung');
    const now = clock.now();
    const problem = snapshotProblem(await getSnapshot(input.date), input.date, now)
      ?? assignmentProblem(await getSettings(), req.actor, input.municipality);
    if (problem) throw problem;
    const id = submissionId(input.date, req.actor.partner, input.municipality);
    const existing = await getSubmission(id);
    if (existing) {
      throw conflict(`Für ${input.municipality} gibt es zum Stichtag ${germanDay(input.date)} schon eine Meldung Ihres Trägers.`, { existingId: id });
    }
    const at = now.toISOString();
    const submission: Submission = {
      id, date: input.date, partner: req.actor.partner, municipality: input.municipality,
      status: 'draft', counts: cleanCounts(input.counts ?? {}), revision: 1, accepted: [],
      version: 1, createdAt: at, updatedAt: at, createdBy: req.actor.sub, createdByName: req.actor.name,
      audit: [{ at, by: req.actor.sub, byName: req.actor.name, action: 'create', to: 'draft' }],
    };
    await putNewSubmission(submission);
    return json(201, subView(submission, req.actor), { location: `/statistics/submissions/${id}` });
  },

  'GET /statistics/submissions/{id}': async (req) => json(200, subView(await readableSubmission(req), req.actor)),

  'PUT /statistics/submissions/{id}': async (req) => {
    const { version, counts } = req.body(UpdateBody, 'Die Zahlen');
    const s = await readableSubmission(req);
    const denied = canEditSubmission(req.actor, s);
    if (denied) throw forbidden(denied);
    expectVersion('submission', s, version);
    const at = clock.now().toISOString();
    const saved = await replaceSubmission({
      ...s, counts: cleanCounts(counts), version: s.version + 1, updatedAt: at,
      audit: [...s.audit, { at, by: req.actor.sub, byName: req.actor.name, action: 'edit' }],
    });
    return json(200, subView(saved, req.actor));
  },

  'POST /statistics/submissions/{id}/transitions': async (req) => {
    const { action, version, comment } = req.body(TransitionBody, 'Die Aktion');
    const s = await readableSubmission(req);
    expectVersion('submission', s, version);
    const now = clock.now();
    const decision = decideSubmission(s, action, req.actor, { now, comment });
    if (!decision.ok) refuse(decision);
    if (action === 'submit') {
      // The assignment may have changed since the draft was started.
      const problem = assignmentProblem(await getSettings(), req.actor, s.municipality);
      if (problem) throw problem;
    }
    const saved = await replaceSubmission({ ...decision.next, version: s.version + 1 });
    return json(200, subView(saved, req.actor));
  },
}, { conflictViews: { submission: subView } });
