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
import { publishLatency, publishTable } from './publish-latency.ts';
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
  const method =
    "npm start's system (one process: dynalite, API, publisher, static server); stories seeded into the store, one every 8 hours; " +
    'full build = Astro build with the renderer kept + search index, as at start; publish/unpublish/withdrawal from the API call until the ' +
    'page answers 200/410 and the feed has/lacks the item over HTTP; incremental publisher (renderer + dependency map + hard-linked copy + atomic switch), ' +
    'search shards in the same switch; changes seconds apart (the copy for the next publish is ready)';
  console.info(`→ ${writeResult('publish-latency', { method, goals: { publishToLiveMs: 2000, withdrawalToGoneMs: 5000 }, rows })}`);
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
  console.info(`→ ${writeResult('media', result)}`);
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
