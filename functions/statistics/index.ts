import { z } from 'zod';
import { hasRole, type Actor } from '../domain/actor.ts';
import { snapshotFor } from '../domain/audience.ts';
import { Municipality } from '../domain/municipalities.ts';
import type { Snapshot } from '../domain/statistics-snapshot.ts';
import { SubmissionAction, SubmissionStatus, submissionActions, submissionFor, type Submission } from '../domain/statistics-workflow.ts';
import { PartialCounts, ReportingDate, SettingsInput } from '../domain/statistics.ts';
import { safeText } from '../domain/text.ts';
import { lambdaHandler } from '../http/handler.ts';
import { json, notFound } from '../http/problem.ts';
import { runtimePorts as ports } from '../operations/ports.ts';
import {
  changeSettings, createSubmission, editSubmission, listSubmissions, openReportingDate, readSettings, readSubmission, reportingDate, reportingDates,
  transitionSnapshot, transitionSubmission,
} from '../operations/statistics.ts';

const Version = z.number({ error: 'Die Versionsnummer fehlt.' }).int().positive();

const subView = (s: Submission, actor: Actor) => ({ ...submissionFor(actor, s), actions: submissionActions(s, actor) });

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

/** A snapshot as this actor may see it (audience.ts), with what they may do with it. */
const snapshotView = (s: Snapshot, actor: Actor) => ({ ...snapshotFor(actor, s).record, actions: snapshotActions(s, actor) });

function snapshotActions(s: Snapshot, actor: Actor): string[] {
  if (!hasRole(actor, 'press')) return [];
  if (s.status === 'published') return s.origin === 'submissions' ? ['publish', 'withdraw'] : ['withdraw'];
  if (s.origin !== 'submissions') return s.publication ? ['publish'] : [];
  return ['publish'];
}

/** Each action parses the request, runs one operation (functions/operations/statistics.ts) and answers with its result. */
export const handler = lambdaHandler('statistics', {
  'GET /statistics/settings': async () => json(200, await readSettings(ports())),

  'PUT /statistics/settings': async (req) => json(200, await changeSettings(ports(), req.actor, req.body(SettingsBody, 'Die Einstellungen'))),

  'GET /statistics/snapshots': async (req) => json(200, { items: (await reportingDates(ports())).map((s) => snapshotView(s, req.actor)) }),

  'POST /statistics/snapshots': async (req) => {
    const { date } = req.body(SnapshotBody, 'Der Stichtag');
    const snapshot = await openReportingDate(ports(), req.actor, date);
    return json(201, snapshotView(snapshot, req.actor), { location: `/statistics/snapshots/${date}` });
  },

  'GET /statistics/snapshots/{date}': async (req) => {
    const date = ReportingDate.safeParse(req.params.date);
    if (!date.success) throw notFound('Diesen Stichtag gibt es nicht.');
    const seen = await reportingDate(ports(), req.actor, date.data);
    if (seen.audience === 'county') {
      const { audience: _a, snapshot, ...county } = seen;
      return json(200, { snapshot: snapshotView(snapshot, req.actor), ...county });
    }
    return json(200, { snapshot: snapshotView(seen.snapshot, req.actor), submissions: seen.submissions.map((s) => subView(s, req.actor)), missing: seen.missing });
  },

  'POST /statistics/snapshots/{date}/transitions': async (req) => {
    const body = req.body(SnapshotTransitionBody, 'Die Aktion');
    return json(200, snapshotView(await transitionSnapshot(ports(), req.actor, req.params.date!, body), req.actor));
  },

  'GET /statistics/submissions': async (req) => {
    const items = await listSubmissions(ports(), req.actor, req.filter(ListQuery));
    return json(200, { items: items.map((s) => subView(s, req.actor)) });
  },

  'POST /statistics/submissions': async (req) => {
    const submission = await createSubmission(ports(), req.actor, req.body(CreateBody, 'Die Angaben zur Meldung'));
    return json(201, subView(submission, req.actor), { location: `/statistics/submissions/${submission.id}` });
  },

  'GET /statistics/submissions/{id}': async (req) => json(200, subView(await readSubmission(ports(), req.actor, req.params.id!), req.actor)),

  'PUT /statistics/submissions/{id}': async (req) => {
    const body = req.body(UpdateBody, 'Die Zahlen');
    return json(200, subView(await editSubmission(ports(), req.actor, req.params.id!, body), req.actor));
  },

  'POST /statistics/submissions/{id}/transitions': async (req) => {
    const body = req.body(TransitionBody, 'Die Aktion');
    return json(200, subView(await transitionSubmission(ports(), req.actor, req.params.id!, body), req.actor));
  },
}, { conflictViews: { submission: subView } });
