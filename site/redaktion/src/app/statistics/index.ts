import type { Context } from '../context.ts';
import { h } from '../dom.ts';
import { statisticsApi } from './api.ts';
import { statHref } from './common.ts';
import { dayScreen } from './day.ts';
import { statisticsOverview } from './overview.ts';
import { settingsScreen } from './settings.ts';
import { submissionScreen } from './submission.ts';

/**
 * The statistics screens under `#/statistik`:
 *   ''                       overview: queues and reporting dates
 *   /neu?stichtag=&gemeinde= new submission
 *   /meldungen/{id}          one submission
 *   /stichtage/{date}        one reporting date (county aggregate for the press office)
 *   /stichtage/{date}/tabelle the partner's grid of all its municipalities (loaded on demand)
 *   /zuordnung               municipality assignment and threshold
 */
export async function statisticsScreen(ctx: Context, path: string): Promise<void> {
  const sapi = statisticsApi(ctx.api);
  const [route, query = ''] = path.split('?');
  const q = new URLSearchParams(query);
  let m: RegExpExecArray | null;
  if (route === '' || route === '/') return statisticsOverview(ctx, sapi);
  if (route === '/neu') return submissionScreen(ctx, sapi, undefined, { date: q.get('stichtag') ?? undefined, municipality: q.get('gemeinde') ?? undefined });
  if ((m = /^\/meldungen\/([A-Za-z0-9._-]{1,120})$/.exec(route!))) return submissionScreen(ctx, sapi, decodeURIComponent(m[1]!));
  if ((m = /^\/stichtage\/(\d{4}-\d{2}-\d{2})$/.exec(route!))) return dayScreen(ctx, sapi, m[1]!);
  if ((m = /^\/stichtage\/(\d{4}-\d{2}-\d{2})\/tabelle$/.exec(route!))) return (await import('./grid.ts')).gridScreen(ctx, sapi, m[1]!);
  if (route === '/zuordnung') return settingsScreen(ctx, sapi);
  return ctx.show(
    'Seite nicht gefunden',
    h('p', {}, 'Diese Adresse gibt es in der Statistik nicht.'),
    h('p', {}, h('a', { href: statHref() }, 'Zur Statistik')),
  );
}
