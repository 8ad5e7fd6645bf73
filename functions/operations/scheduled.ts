import { takeDownExpired } from './consent-expiry.ts';
import { dropExpiredSignups } from './distribution-expiry.ts';
import { eraseStaleDrafts } from './erasure.ts';
import { sendDigests } from './notifications.ts';
import { deleteUndescribedUploads } from './photo-cleanup.ts';
import type { Ports } from './ports.ts';
import { runReleaseSchedule } from './release-schedule.ts';
import { resumeSends } from './release-sends.ts';
import { remindExpiringConsents, remindStatistics } from './reminders.ts';
import { runStorySchedule } from './story-schedule.ts';

/**
 * One job of the scheduled run: what it does at `now`, and what it did in German lines
 * for a person watching the local console (none when it did nothing).
 */
interface ScheduledJob<R> {
  /** The job's key in the run's result and in the scheduler's log line. */
  name: string;
  run(p: Ports, now: Date): Promise<R>;
  lines(result: R): string[];
}

const said = (ids: string[], what: string) => (ids.length ? [`${what}: ${ids.join(', ')}`] : []);

/**
 * The scheduled work, in the order it runs: embargo ends and scheduled takedowns of
 * press releases, planned publications of stories, consent expiry, uploads never described, and the retention rule for never-published drafts.
 * An EventBridge rule runs it in AWS (functions/scheduler), a timer in `npm start`
 * (infra/local/start.ts); both through `runScheduledJobs`.
 */
export const SCHEDULED_JOBS = [
  {
    name: 'releases',
    run: runReleaseSchedule,
    lines: ({ published, takenDown }) => [
      ...said(published, 'Sperrfrist abgelaufen, veröffentlicht'),
      ...said(takenDown, 'Geplantes Ende, von der Website genommen'),
    ],
  } satisfies ScheduledJob<Awaited<ReturnType<typeof runReleaseSchedule>>>,
  {
    name: 'plannedStories',
    run: runStorySchedule,
    lines: ({ published, refused }) => [
      ...said(published, 'Geplante Geschichten veröffentlicht'),
      ...said(refused, 'Geplante Veröffentlichung nicht möglich, Planung aufgehoben'),
    ],
  } satisfies ScheduledJob<Awaited<ReturnType<typeof runStorySchedule>>>,
  {
    name: 'stories',
    run: takeDownExpired,
    lines: ({ takenDown }) => said(takenDown, 'Einwilligung abgelaufen, von der Website genommen'),
  } satisfies ScheduledJob<Awaited<ReturnType<typeof takeDownExpired>>>,
  {
    name: 'digests',
    run: sendDigests,
    lines: (sent) => said(sent, 'Tägliche Zusammenfassung verschickt an'),
  } satisfies ScheduledJob<string[]>,
  {
    name: 'consentReminders',
    run: remindExpiringConsents,
    lines: (stories) => said(stories, 'Erinnerung an ablaufende Einwilligungen verschickt'),
  } satisfies ScheduledJob<string[]>,
  {
    name: 'statisticsReminders',
    run: remindStatistics,
    lines: (due) => said(due, 'Erinnerung an fehlende Statistik vor dem Stichtag verschickt'),
  } satisfies ScheduledJob<string[]>,
  {
    name: 'sends',
    run: (p, now) => resumeSends(p, now),
    lines: (resumed) => said(resumed, 'Unterbrochener Versand von Pressemitteilungen fortgesetzt'),
  } satisfies ScheduledJob<string[]>,
  {
    name: 'undescribedPhotos',
    run: (p, now) => deleteUndescribedUploads(p, now),
    lines: (deleted) => said(deleted, 'Nie beschriebene Fotos gelöscht'),
  } satisfies ScheduledJob<string[]>,
  {
    name: 'expiredSignups',
    run: (p, now) => dropExpiredSignups(p, now),
    lines: (dropped) => (dropped.length ? [`Unbestätigte Anmeldungen zum Presseverteiler gelöscht: ${dropped.length}`] : []),
  } satisfies ScheduledJob<string[]>,
  {
    name: 'erasedDrafts',
    run: (p, now) => eraseStaleDrafts(p, now),
    lines: (erased) => said(erased, 'Aufbewahrungsfrist abgelaufen, Entwürfe gelöscht'),
  } satisfies ScheduledJob<string[]>,
] as const;

export interface ScheduledRun {
  /** Each job's result under its name. */
  results: Record<string, unknown>;
  /** What the jobs did, in German. */
  lines: string[];
}

/** Runs every scheduled job once, one after the other. Each is safe to repeat. */
export async function runScheduledJobs(p: Ports, now: Date): Promise<ScheduledRun> {
  const run: ScheduledRun = { results: {}, lines: [] };
  for (const job of SCHEDULED_JOBS as readonly ScheduledJob<unknown>[]) {
    const result = await job.run(p, now);
    run.results[job.name] = result;
    run.lines.push(...job.lines(result));
  }
  return run;
}
