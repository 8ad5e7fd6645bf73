import type { APIRoute, GetStaticPaths } from 'astro';
import type { StatTable } from '../../../../../../functions/domain/statistics-tables.ts';
import { allTables, toCsv, toJson } from '../../../lib/statistics.ts';

/** Every published table as CSV and as JSON, rendered from the same data as the page's tables. */
export const getStaticPaths = (async () =>
  (await allTables()).flatMap((table) => [
    { params: { file: `${table.id}.csv` }, props: { table, format: 'csv' as const } },
    { params: { file: `${table.id}.json` }, props: { table, format: 'json' as const } },
  ])) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props, site }) => {
  const { table, format } = props as { table: StatTable; format: 'csv' | 'json' };
  return format === 'csv'
    ? new Response(toCsv(table), { headers: { 'content-type': 'text/csv; charset=utf-8' } })
    : new Response(toJson(table, site), { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
