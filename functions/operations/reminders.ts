import { berlinDay, earliestExpiry } from '@newsroom/domain/consent.ts';
import { PARTNERS } from '@newsroom/domain/partners.ts';
import { allSnapshots, getSettings, submissionsOfDate } from '@newsroom/store/statistics.ts';
import { expiringBy } from '@newsroom/store/stories.ts';
import { editorLink, PREFERENCES_HASH } from './notifications.ts';
import type { Ports } from './ports.ts';
import { remind } from './remind.ts';

/**
 * Reminders that come from time passing, not from a step: a consent that runs out in 30
 * and in 7 days, and a Stichtag whose figures a partner has not submitted yet. Run by the
 * scheduled run; each person is told once per event (remind.ts).
 */

/** Days ahead a consent's end is announced. */
export const CONSENT_REMINDER_DAYS = [30, 7] as const;
/** Days ahead of a Stichtag from which its missing figures are asked for. */
export const STATISTICS_REMINDER_DAYS = 7;

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;
const germanDay = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

/** 30 and 7 days before a story's earliest consent ends: its author and its partner's leads. */
export async function remindExpiringConsents(p: Ports, now: Date): Promise<string[]> {
  const today = berlinDay(now);
  const horizon = new Date(now.getTime() + CONSENT_REMINDER_DAYS[0] * 86_400_000);
  const stories = (await Promise.all(PARTNERS.map((partner) => expiringBy(partner.id, berlinDay(horizon), p.db)))).flat();
  const done: string[] = [];
  for (const story of stories) {
    const until = earliestExpiry(story.consents ?? []);
    if (!until || until < today) continue;
    const left = dayNumber(until) - dayNumber(today);
    // The nearest threshold reached: a consent first seen 5 days ahead gets the 7-day reminder only.
    const threshold = [...CONSENT_REMINDER_DAYS].reverse().find((d) => left <= d);
    if (threshold === undefined) continue;
    const told = await remind(
      p,
      `consent-expiring:${story.id}:${until}:${threshold}`,
      [{ subject: story.authorId }, { role: 'partner-lead', partner: story.partner }],
      {
        kind: 'consent-expiring',
        title: story.title,
        status: `Einwilligung gilt bis ${germanDay(until)} (noch ${left} ${left === 1 ? 'Tag' : 'Tage'}); danach geht die Geschichte von der Website.`,
        link: editorLink(`geschichten/${encodeURIComponent(story.id)}`),
        preferencesLink: editorLink(PREFERENCES_HASH),
      },
    );
    if (told.length) done.push(`${story.id} (${threshold} Tage)`);
  }
  return done;
}

/** In the week before an open Stichtag (figures are submitted from that day): the managers and leads of each reporting partner that has not submitted for it yet. */
export async function remindStatistics(p: Ports, now: Date): Promise<string[]> {
  const today = berlinDay(now);
  const done: string[] = [];
  for (const snapshot of await allSnapshots(p.db)) {
    if (snapshot.status !== 'open') continue;
    const left = dayNumber(snapshot.date) - dayNumber(today);
    if (left < 0 || left > STATISTICS_REMINDER_DAYS) continue;
    const submitted = new Set(
      (await submissionsOfDate(snapshot.date, undefined, p.db)).filter((s) => ['submitted', 'approved', 'accepted'].includes(s.status)).map((s) => s.partner),
    );
    const { assignment } = await getSettings(p.db);
    for (const partner of PARTNERS) {
      // Only partners that report for municipalities; one that reported any of them is not asked again.
      if (!assignment[partner.id]?.length || submitted.has(partner.id)) continue;
      const told = await remind(
        p,
        `statistics-due:${snapshot.date}:${partner.id}`,
        [
          { role: 'partner-lead', partner: partner.id },
          { role: 'manager', partner: partner.id },
        ],
        {
          kind: 'statistics-due',
          title: `Statistik zum Stichtag ${germanDay(snapshot.date)}`,
          status:
            left === 0
              ? 'Heute ist der Stichtag; Ihre Zahlen fehlen noch.'
              : `Noch ${left} ${left === 1 ? 'Tag' : 'Tage'} bis zum Stichtag; Ihre Zahlen fehlen noch.`,
          link: editorLink('statistik'),
          preferencesLink: editorLink(PREFERENCES_HASH),
        },
      );
      if (told.length) done.push(`${snapshot.date} ${partner.id}`);
    }
  }
  return done;
}
