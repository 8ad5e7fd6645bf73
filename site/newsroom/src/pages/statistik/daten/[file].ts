import type { StatTable } from '@newsroom/domain/statistics-tables.ts';
import type { APIRoute, GetStaticPaths } from 'astro';
import { allTables, DOWNLOAD_FORMATS, type DownloadFormat, downloadPath, toCsv, toJson } from '../../../lib/statistics.ts';

/** Every published table as German Excel CSV, machine-readable CSV and JSON, rendered from the same data as the page's tables. */
export const getStaticPaths = (async () =>
  (await allTables()).flatMap((table) =>
    DOWNLOAD_FORMATS.map((format) => ({ params: { file: downloadPath(table, format).split('/').at(-1)! }, props: { table, format } })),
  )) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props, site }) => {
  const { table, format } = props as { table: StatTable; format: DownloadFormat };
  return format === 'json'
    ? new Response(toJson(table, site), { headers: { 'content-type': 'application/json; charset=utf-8' } })
    : new Response(toCsv(table, format), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
};
