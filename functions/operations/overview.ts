import { type Actor, hasRole } from '@newsroom/domain/actor.ts';
import type { Overview } from '@newsroom/domain/api/overview.ts';
import type { ReportingDateView } from '@newsroom/domain/api/statistics.ts';
import type { AuditLine } from '@newsroom/domain/api/users.ts';
import { berlinDay, EXPIRY_WARNING_DAYS, longGermanDay } from '@newsroom/domain/consent.ts';
import { NotFound } from '@newsroom/domain/errors.ts';
import { OVERVIEW_PAGE, OVERVIEW_RELEASES, overviewStoryLists } from '@newsroom/domain/overview.ts';
import { canRead } from '@newsroom/domain/workflow.ts';
import { getStory } from '@newsroom/store/stories.ts';
import type { Ports } from './ports.ts';
import { listReleases, pressNotices, readRelease } from './releases.ts';
import { readSettings, readSubmission, reportingDate, reportingDates } from './statistics.ts';
import { expiringConsents, listStories } from './stories.ts';
import { auditTrail, listUsers } from './users.ts';
import { releaseView, snapshotView, storyView, submissionView } from './views.ts';

/** Entries of this month's audit trail on an administrator's overview. */
const RECENT_AUDIT = 5;

/**
 * Everything the overview shows this person, read in parallel: each part through the same
 * operation and view as its own route, so the audience rules are the same ones.
 */
export async function overview(p: Ports, actor: Actor): Promise<Overview> {
  const press = hasRole(actor, 'press');
  const admin = hasRole(actor, 'admin');
  const partnerStaff = !press && !admin && (hasRole(actor, 'manager') || hasRole(actor, 'partner-lead'));
  // Expiring consents concern whoever writes and publishes stories; administrators only follow what is public.
  const writer = press || hasRole(actor, 'manager') || hasRole(actor, 'partner-lead');
  const lists = overviewStoryLists(actor);
  const [pages, expiring, releases, notices, statistics, administration] = await Promise.all([
    Promise.all(lists.map((q) => listStories(p, actor, { status: q.status, revision: q.revision, scope: q.scope, limit: OVERVIEW_PAGE }))),
    writer ? expiringConsents(p, actor, EXPIRY_WARNING_DAYS) : undefined,
    press ? pressReleases(p, actor) : undefined,
    press ? pressNotices(p, actor) : undefined,
    partnerStaff ? latestReportingDay(p, actor) : undefined,
    admin ? administrationParts(p, actor) : undefined,
  ]);
  return {
    stories: Object.fromEntries(lists.map((q, i) => [q.key, { items: pages[i]!.items.map((s) => storyView(s, actor)), next: pages[i]!.next }])),
    ...(expiring ? { expiring: { until: expiring.until, items: expiring.stories.map((s) => storyView(s, actor)) } } : {}),
    ...(releases ? { releases } : {}),
    ...(notices ? { notices: { items: notices } } : {}),
    ...(statistics ? { statistics } : {}),
    ...(administration ? { admin: administration } : {}),
  };
}

async function pressReleases(p: Ports, actor: Actor) {
  const [proposed, scheduled] = await Promise.all(
    (['proposed', 'scheduled'] as const).map(async (status) => {
      const page = await listReleases(p, actor, { status, limit: OVERVIEW_RELEASES });
      return { items: page.items.map((r) => releaseView(r, actor)), next: page.next };
    }),
  );
  return { proposed: proposed!, scheduled: scheduled! };
}

/** The latest reporting date up to today that asks for figures, with the partner's own submissions. */
async function latestReportingDay(p: Ports, actor: Actor): Promise<NonNullable<Overview['statistics']>> {
  const today = berlinDay(p.clock.now());
  const latest = (await reportingDates(p)).filter((s) => s.origin === 'submissions' && s.date <= today).sort((a, b) => b.date.localeCompare(a.date))[0];
  if (!latest) return {};
  const day = await reportingDate(p, actor, latest.date);
  if (day.audience !== 'partner') return {};
  return {
    latest: {
      // Partner staff see a reporting date as the site shows it (audience.ts).
      snapshot: snapshotView(day.snapshot, actor) as ReportingDateView,
      submissions: day.submissions.map((s) => submissionView(s, actor)),
      missing: day.missing,
    },
  };
}

async function administrationParts(p: Ports, actor: Actor): Promise<NonNullable<Overview['admin']>> {
  const month = berlinDay(p.clock.now()).slice(0, 7);
  const [users, settings, audit] = await Promise.all([listUsers(p, actor), readSettings(p), auditTrail(p, actor, month, undefined)]);
  // Kept in this shape by the writes that record them (functions/store/versioned.ts), as GET /audit answers them.
  const recent = audit.items.slice(0, RECENT_AUDIT) as AuditLine[];
  const keys = [...new Set(recent.map((e) => e.entity))];
  const titles = await Promise.all(keys.map((key) => entityTitle(p, actor, key)));
  return {
    users: { items: users },
    settings,
    audit: { month, items: recent },
    titles: Object.fromEntries(keys.map((key, i) => [key, titles[i]!])),
  };
}

/** The name of an audit entry's item as its own screen shows it; null when the item is not this person's to see. */
async function entityTitle(p: Ports, actor: Actor, key: string): Promise<string | null> {
  let m: RegExpExecArray | null;
  try {
    if ((m = /^STORY#(.+)$/.exec(key))) {
      const story = await getStory(m[1]!, p.db);
      return story && canRead(actor, story) ? story.title : null;
    }
    if ((m = /^RELEASE#(.+)$/.exec(key))) return (await readRelease(p, actor, m[1]!)).record.headline;
    if ((m = /^STATS#SUB#(.+)$/.exec(key))) {
      const s = await readSubmission(p, actor, m[1]!);
      return `${s.municipality}, Stichtag ${longGermanDay(s.date)}`;
    }
  } catch (err) {
    if (err instanceof NotFound) return null;
    throw err;
  }
  return null;
}
