/**
 * `npm run bench`: measures, writes figures to bench/results/<name>.json and prints
 * them. No thresholds here; goals are compared in the issue notes.
 */
import { apiLoad } from './api-load.ts';
import { bundleSizes } from './bundle-sizes.ts';
import { editorSize, editorSizeTable } from './editor-size.ts';
import { lighthouseBench } from './lighthouse.ts';
import { mailBench } from './mail.ts';
import { overviewBench } from './overview.ts';
import { photosBench } from './photos.ts';
import { PHOTO_PUBLISH_METHOD, PUBLISH_GOALS, PUBLISH_METHOD, publishLatency, publishTable } from './publish-latency.ts';
import { writeResult, writeTable } from './results.ts';

const only = process.argv[2];

if (!only || only === 'publish') {
  const sizes = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
  const rows = [];
  for (const size of sizes) {
    const row = await publishLatency(size);
    console.info(JSON.stringify(row));
    rows.push(row);
  }
  console.info(`→ ${writeResult('publish-latency', { method: PUBLISH_METHOD, goals: PUBLISH_GOALS, rows })}`);
  console.info(`→ ${writeTable('publish-latency', publishTable(rows))}`);
}

if (!only || only === 'api') {
  const result = await apiLoad(50, Number(process.env.BENCH_SECONDS ?? 15));
  console.info(JSON.stringify(result));
  console.info(`→ ${writeResult('api-latency', result)}`);
}

if (!only || only === 'bundles') {
  const result = await bundleSizes();
  for (const { composition: _, ...row } of result.rows) console.info(JSON.stringify(row));
  console.info(`→ ${writeResult('bundle-sizes', result)}`);
}

if (!only || only === 'editor') {
  const result = await editorSize();
  for (const row of result.rows)
    console.info(JSON.stringify({ page: row.page, scripts: row.scripts, rawKB: row.rawKB, gzipKB: row.gzipKB, withinGoal: row.withinGoal }));
  console.info(`→ ${writeResult('editor-size', result)}`);
  console.info(`→ ${writeTable('editor-size', editorSizeTable(result.rows))}`);
}

if (!only || only === 'media') {
  const result = await photosBench();
  console.info(JSON.stringify({ processing: result.processing, leadAt1280: result.textures.colour.leadPicture.at(-1) }));
  // Issue 13: publish-to-live with photos at 1,000 stories, measured by the same code as publish-latency.
  const row = await publishLatency(Number(process.env.BENCH_PHOTO_STORIES ?? 1000), { photos: true });
  console.info(JSON.stringify(row));
  console.info(publishTable([row]));
  console.info(`→ ${writeResult('media', { ...result, publishWithPhotos: { method: PHOTO_PUBLISH_METHOD, goals: PUBLISH_GOALS, rows: [row] } })}`);
}

if (!only || only === 'overview') {
  const result = await overviewBench(Number(process.env.BENCH_ROUNDS ?? 60));
  for (const row of result.rows) console.info(JSON.stringify(row));
  console.info(`→ ${writeResult('overview', result)}`);
}

if (!only || only === 'mail') {
  const result = await mailBench(Number(process.env.BENCH_MAILS ?? 2000));
  console.info(JSON.stringify(result));
  console.info(`→ ${writeResult('mail', result)}`);
}

if (!only || only === 'lighthouse') {
  const result = await lighthouseBench();
  for (const { notPassed: _, ...row } of result.rows) console.info(JSON.stringify(row));
  console.info(`→ ${writeResult('lighthouse', result)}`);
}
