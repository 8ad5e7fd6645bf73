import type { Actor } from '@newsroom/domain/actor.ts';
import {
  BatchTransitionBody,
  CreateSubmissionBody,
  GridBody,
  SettingsBody,
  SnapshotBody,
  SnapshotTransitionBody,
  SubmissionListQuery,
  SubmissionTransitionBody,
  UpdateSubmissionBody,
} from '@newsroom/domain/api/statistics.ts';
import { ReportingDate } from '@newsroom/domain/statistics.ts';
import { lambdaHandler } from '@newsroom/http/handler.ts';
import { json, notFound } from '@newsroom/http/problem.ts';
import { STATISTICS_ROUTES } from '@newsroom/http/routes/statistics.ts';
import { runtimePorts as ports } from '@newsroom/operations/ports.ts';
import {
  changeSettings,
  createSubmission,
  editSubmission,
  listSubmissions,
  openReportingDate,
  partnerGrid,
  readSettings,
  readSubmission,
  reportingDate,
  reportingDates,
  saveGrid,
  transitionDate,
  transitionSnapshot,
  transitionSubmission,
} from '@newsroom/operations/statistics.ts';
import { snapshotView, submissionView } from '@newsroom/operations/views.ts';

function dateParam(raw: string | undefined): string {
  const date = ReportingDate.safeParse(raw);
  if (!date.success) throw notFound('Diesen Stichtag gibt es nicht.');
  return date.data;
}

const gridView = (grid: Awaited<ReturnType<typeof partnerGrid>>, actor: Actor) => ({
  ...grid,
  rows: grid.rows.map(({ submission, ...row }) => ({ ...row, ...(submission ? { submission: submissionView(submission, actor) } : {}) })),
});

/** Each action parses the request, runs one operation (functions/operations/statistics.ts) and answers with its result. */
export const handler = lambdaHandler(
  STATISTICS_ROUTES,
  {
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
      return json(200, {
        snapshot: snapshotView(seen.snapshot, req.actor),
        submissions: seen.submissions.map((s) => submissionView(s, req.actor)),
        missing: seen.missing,
      });
    },

    'POST /statistics/snapshots/{date}/transitions': async (req) => {
      const body = req.body(SnapshotTransitionBody, 'Die Aktion');
      return json(200, snapshotView(await transitionSnapshot(ports(), req.actor, req.params.date!, body), req.actor));
    },

    'GET /statistics/snapshots/{date}/grid': async (req) => json(200, gridView(await partnerGrid(ports(), req.actor, dateParam(req.params.date)), req.actor)),

    'PUT /statistics/snapshots/{date}/grid': async (req) => {
      const { rows } = req.body(GridBody, 'Die Tabelle');
      return json(200, gridView(await saveGrid(ports(), req.actor, dateParam(req.params.date), rows), req.actor));
    },

    'POST /statistics/snapshots/{date}/submissions/transitions': async (req) => {
      const { action } = req.body(BatchTransitionBody, 'Die Aktion');
      return json(200, { results: await transitionDate(ports(), req.actor, dateParam(req.params.date), action) });
    },

    'GET /statistics/submissions': async (req) => {
      const items = await listSubmissions(ports(), req.actor, req.filter(SubmissionListQuery));
      return json(200, { items: items.map((s) => submissionView(s, req.actor)) });
    },

    'POST /statistics/submissions': async (req) => {
      const submission = await createSubmission(ports(), req.actor, req.body(CreateSubmissionBody, 'Die Angaben zur Meldung'));
      return json(201, submissionView(submission, req.actor), { location: `/statistics/submissions/${submission.id}` });
    },

    'GET /statistics/submissions/{id}': async (req) => json(200, submissionView(await readSubmission(ports(), req.actor, req.params.id!), req.actor)),

    'PUT /statistics/submissions/{id}': async (req) => {
      const body = req.body(UpdateSubmissionBody, 'Die Zahlen');
      return json(200, submissionView(await editSubmission(ports(), req.actor, req.params.id!, body), req.actor));
    },

    'POST /statistics/submissions/{id}/transitions': async (req) => {
      const body = req.body(SubmissionTransitionBody, 'Die Aktion');
      return json(200, submissionView(await transitionSubmission(ports(), req.actor, req.params.id!, body), req.actor));
    },
  },
  { conflictViews: { submission: submissionView } },
);
