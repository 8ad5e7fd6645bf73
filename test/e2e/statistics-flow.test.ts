import { announce } from '@newsroom/events/announce.ts';
import { seedPublishedStatistics } from '@newsroom/infra-local/seed-statistics.ts';
import { publishedSnapshots } from '@newsroom/store/statistics.ts';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, startEditorHarness, statusSays } from './editor-browser.ts';

/**
 * Statistics in a real browser, from the administrator's assignment to the public
 * chart and table: the press office opens a reporting date, a Caritas manager enters
 * figures (the form checks them as she types), the Caritas lead approves, the press
 * office accepts and publishes, and the public statistics page shows sentences, an
 * accessible chart, the same numbers in tables, protected small counts, the time
 * series with the real 2021 figures, and CSV/JSON downloads equal to the tables.
 */

const DATE = '2025-12-31';
let harness: EditorHarness;

beforeAll(async () => {
  // The assignment matrix and the reporting dates are global: this file needs them untouched by other files.
  harness = await startEditorHarness({ ownSystem: true });
  // The real 2021 figures, as npm start seeds them: the time series needs a second snapshot.
  // Seeded after the start here, so it is announced like every other write; the incremental
  // publisher reads the store only for what is announced (npm start seeds before it starts).
  await seedPublishedStatistics(harness.system.store.db);
  const [seeded] = await publishedSnapshots(harness.system.store.db);
  await announce({ kind: 'statistics', id: seeded!.date, change: 'published', at: new Date().toISOString() });
});

afterAll(async () => {
  await harness?.close();
});

const api = (username: string, method: string, path: string, body?: unknown) => harness.call(username, method, path, body);

async function openStatistics(page: Page) {
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Statistik' }).click();
  await page.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();
}

/**
 * What a table shows, cell by cell, as the German Excel CSV writes it: "1.663" → "1663",
 * "24,3" and "30.06.2026" stay, the suppressed mark "•" stays, "–" (no value) → "".
 */
async function tableCells(page: Page, id: string): Promise<string[][]> {
  return page.locator(`table[id="${id}"] tr`).evaluateAll((rows) =>
    rows.map((r) =>
      [...r.querySelectorAll('th, td')].map((c) => {
        const text = (c.textContent ?? '').trim();
        if (text === '•nicht ausgewiesen') return '•';
        if (text === '–keine Angabe') return '';
        const num = text.replace(/^rund /, '');
        return /^-?[\d.]+(,\d+)?$/.test(num) && c.classList.contains('num') ? num.replace(/\./g, '') : text;
      }),
    ),
  );
}

/** The same cells as the machine-readable CSV writes them: decimal point, ISO dates and intervals. */
const machineCells = (rows: string[][]) =>
  rows.map((r) =>
    r.map((c) => {
      if (/^-?\d+,\d+$/.test(c)) return c.replace(',', '.');
      if (/^\d{2}\.\d{2}\.\d{4}(–\d{2}\.\d{2}\.\d{4})?$/.test(c))
        return c
          .split('–')
          .map((d) => d.split('.').reverse().join('-'))
          .join('/');
      return c;
    }),
  );

describe('statistics from the assignment to the public chart and table', () => {
  let press: Page;

  it('an administrator assigns Asperg and Tamm to Caritas in the matrix', async () => {
    const admin = await harness.signIn('admin');
    await admin.goto(`${harness.system.urls.editor}/#/statistik/zuordnung`);
    await admin.getByRole('heading', { level: 1, name: 'Zuordnung und Mindestfallzahl' }).waitFor();
    await admin.getByRole('checkbox', { name: 'Caritas: Asperg' }).check();
    await admin.getByRole('checkbox', { name: 'Caritas: Tamm' }).check();
    await admin.getByRole('button', { name: 'Speichern' }).click();
    await statusSays(admin, 'Die Zuordnung wurde gespeichert.');
    expect(await admin.getByRole('checkbox', { name: 'Caritas: Tamm' }).isChecked()).toBe(true);
  });

  it('the press office opens the reporting date', async () => {
    press = await harness.signIn('presse');
    await openStatistics(press);
    await press.getByLabel('Neuer Stichtag').fill(DATE);
    await press.getByRole('button', { name: 'Stichtag anlegen' }).click();
    await press.getByRole('heading', { level: 1, name: 'Stichtag 31. Dezember 2025' }).waitFor();
    expect(await press.getByText('0 von 2', { exact: false }).count()).toBeGreaterThan(0);
  });

  it('a Caritas manager enters the figures; the form checks them and shows the shares as she types', async () => {
    const manager = await harness.signIn('caritas-manager');
    await openStatistics(manager);
    await manager.getByRole('link', { name: 'Zahlen erfassen für Asperg' }).click();
    await manager.getByRole('heading', { level: 1, name: 'Neue Meldung' }).waitFor();

    await manager.getByLabel('Klientinnen und Klienten im Programm').fill('48');
    await manager.getByLabel('davon minderjährig').fill('50');
    await manager.getByLabel('Erwachsene mit Deutsch auf Niveau B1 oder höher').focus();
    const minorsError = manager.getByText('Die Zahl der Minderjährigen (50) darf nicht größer sein als die Zahl der Klientinnen und Klienten (48).');
    await minorsError.waitFor();
    expect(await manager.getByLabel('davon minderjährig').getAttribute('aria-invalid')).toBe('true');

    await manager.getByLabel('davon minderjährig').fill('20');
    await minorsError.waitFor({ state: 'detached' });
    await manager.getByText('Erwachsene (berechnet): 28').waitFor();
    await manager.getByLabel('Erwachsene mit Deutsch auf Niveau B1 oder höher').fill('9');
    await manager.getByText('Das sind 32,1 % der 28 Erwachsenen.').waitFor();
    await manager.getByLabel('Erwachsene in sozialversicherungspflichtiger Beschäftigung').fill('6');
    await manager.getByLabel('Erwachsene in Ausbildung, Praktikum oder Studium').fill('2,5');
    await manager.getByLabel('Beendete Beratungen').focus();
    await manager.getByText('Bitte eine ganze Zahl ohne Nachkommastellen angeben.').waitFor();
    await manager.getByLabel('Erwachsene in Ausbildung, Praktikum oder Studium').fill('3');
    await manager.getByLabel('Beendete Beratungen').fill('7');
    await manager.getByLabel('davon mit erstem eigenem Mietvertrag').fill('5');
    await manager.getByText('Das sind 71,4 % der beendeten Beratungen.').waitFor();

    await manager.getByRole('button', { name: 'Meldung anlegen' }).click();
    await manager.getByRole('heading', { level: 1, name: 'Meldung Asperg' }).waitFor();
    await manager.getByRole('button', { name: 'Zur Freigabe einreichen' }).click();
    await statusSays(manager, 'Die Meldung wurde zur Freigabe eingereicht.');
    expect(await manager.getByRole('button', { name: 'Freigeben (Träger)' }).count()).toBe(0);
  });

  it('the Caritas lead approves from her queue (four eyes)', async () => {
    // Tamm, a small office, reports through the API meanwhile: few clients, to be protected on the site.
    let tamm = (
      await api('caritas-manager-2', 'POST', '/statistics/submissions', {
        date: DATE,
        municipality: 'Tamm',
        counts: { clients: 3, minors: 1, germanB1: 1, employed: 0, training: 0, ended: 1, rental: 0 },
      })
    ).body;
    tamm = (await api('caritas-manager-2', 'POST', `/statistics/submissions/${tamm.id}/transitions`, { action: 'submit', version: tamm.version })).body;

    const lead = await harness.signIn('caritas-lead');
    await openStatistics(lead);
    const queue = lead.getByRole('region', { name: 'Wartet auf Ihre Freigabe' });
    await queue.getByRole('link', { name: 'Asperg, Stichtag 31. Dezember 2025' }).click();
    await lead.getByRole('heading', { level: 1, name: 'Meldung Asperg' }).waitFor();
    await lead.getByRole('button', { name: 'Freigeben (Träger)' }).click();
    await statusSays(lead, 'Die Meldung ist freigegeben und liegt jetzt bei der Pressestelle.');

    tamm = (await api('caritas-lead', 'POST', `/statistics/submissions/${tamm.id}/transitions`, { action: 'approve', version: tamm.version })).body;
    expect(tamm.status).toBe('approved');
  });

  it('the press office accepts both and publishes; the site shows the snapshot', async () => {
    await openStatistics(press);
    const queue = press.getByRole('region', { name: 'Wartet auf Annahme durch die Pressestelle' });
    for (const place of ['Asperg', 'Tamm']) {
      await queue.getByRole('link', { name: `${place}, Stichtag 31. Dezember 2025` }).click();
      await press.getByRole('heading', { level: 1, name: `Meldung ${place}` }).waitFor();
      await press.getByRole('button', { name: 'Annehmen (Pressestelle)' }).click();
      await press.getByRole('dialog', { name: 'Meldung annehmen?' }).getByRole('button', { name: 'Ja, annehmen' }).click();
      await statusSays(press, 'Die Meldung ist angenommen');
      await openStatistics(press);
    }
    await press.getByRole('link', { name: 'Stichtag 31. Dezember 2025', exact: true }).click();
    await press.getByRole('heading', { level: 1, name: 'Stichtag 31. Dezember 2025' }).waitFor();
    expect(await press.getByText('Alle Meldungen liegen vor.').count()).toBe(1);
    await press.getByRole('region', { name: 'Veröffentlichung' }).getByRole('button', { name: 'Veröffentlichen' }).click();
    await press.getByRole('dialog').getByRole('button', { name: 'Veröffentlichen' }).click();
    await statusSays(press, 'Die Zahlen sind veröffentlicht.');
    await press.getByRole('link', { name: 'Auf der Website ansehen' }).waitFor();

    // The publisher rebuilds in the background; the snapshot's page appears within seconds.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await fetch(`${harness.system.urls.site}/statistik/${DATE}/`);
      if (res.ok) break;
      if (Date.now() > deadline) throw new Error('the snapshot page did not appear on the public site');
      await new Promise((r) => setTimeout(r, 300));
    }
  });

  it('the public page has sentences, an accessible chart with the same numbers in a table, protected small counts and the time series', async () => {
    const context = await harness.browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    page.on('pageerror', (e) => harness.problems.push(`site: ${e.message}`));
    await page.goto(`${harness.system.urls.site}/statistik/`);
    await page.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'Stichtag 31. Dezember 2025' }).count()).toBe(1);
    expect(await page.locator('script').count()).toBe(0);

    const main = await page.getByRole('main').innerText();
    expect(main).toContain(
      'Am 31. Dezember 2025 begleitete das Integrationsmanagement im Landkreis Ludwigsburg 51 geflüchtete Menschen, davon 21 Minderjährige und 30 Erwachsene.',
    );
    expect(main).toContain('Die Zahlen beruhen auf 2 von 2 erwarteten Meldungen der Träger.');

    const chart = page.getByRole('img', { name: /Anteile in Prozent, Stichtag 31. Dezember 2025/ });
    expect(await chart.locator('title').textContent()).toBe('Anteile in Prozent, Stichtag 31. Dezember 2025');
    expect(await chart.locator('desc').textContent()).toContain('Deutsch B1+ (in % der Erwachsenen): 33,3 %');
    const shares = await tableCells(page, `${DATE}-anteile`);
    // Beside it, as the chart's dashed mark, the same share in the county's 2021 figures.
    expect(shares[0]!.at(-1)).toBe('zum Vergleich: Anfang 2021, Anteil in %');
    expect(shares[1]).toEqual(['Erwachsene mit Deutsch auf Niveau B1 oder höher', '33,3', '10', 'der Erwachsenen (30)', '24']);
    expect(await chart.locator('desc').textContent()).toContain('zum Vergleich Anfang 2021: 24 %');

    // Tamm's three clients are never shown, and Asperg is protected with it: the Caritas sum would give Tamm away.
    const places = await tableCells(page, `${DATE}-gemeinden`);
    expect(places.find((r) => r[0] === 'Tamm')!.slice(1)).toEqual(['•', '•', '•', '•', '•', '•', '•']);
    expect(places.find((r) => r[0] === 'Asperg')![1]).toBe('•');
    expect(places.at(-1)).toEqual(['Landkreis insgesamt', '51', '21', '10', '6', '3', '8', '5']);
    expect(await page.getByText('• = weniger als 5, zum Schutz der Personen nicht ausgewiesen', { exact: false }).count()).toBeGreaterThan(0);

    expect(await page.getByRole('heading', { level: 2, name: 'Entwicklung über die Stichtage' }).count()).toBe(1);
    const trend = page.getByRole('img', { name: /Klientinnen und Klienten im Programm nach Stichtag/ });
    expect(await trend.locator('desc').textContent()).toContain('Anfang 2021: 2.469; 31. Dezember 2025: 51');
    const series = await tableCells(page, 'zeitreihe');
    expect(series.slice(1).map((r) => [r[0], r[2], r[5]])).toEqual([
      ['Anfang 2021', '2469', '24'],
      ['31. Dezember 2025', '51', '33,3'],
    ]);

    await page.getByRole('link', { name: 'Stichtag Anfang 2021' }).click();
    await page.getByRole('heading', { level: 1, name: 'Stichtag Anfang 2021' }).waitFor();
    const old = await tableCells(page, '2021-01-01-landkreis');
    expect(old.find((r) => r[0] === 'Erwachsene mit Deutsch auf Niveau B1 oder höher')!.slice(1, 3)).toEqual(['360', '24']);
    expect(await page.getByText('rund 360').count()).toBeGreaterThan(0);
  });

  it('every download (CSV für Excel, machine-readable CSV, JSON) parses in its dialect and equals its table on the page', async () => {
    const context = await harness.browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    let compared = 0;
    for (const path of ['/statistik/', `/statistik/${DATE}/`, '/statistik/2021-01-01/']) {
      await page.goto(`${harness.system.urls.site}${path}`);
      const ids = await page.locator('table.stat-table').evaluateAll((ts) => ts.map((t) => t.id));
      for (const id of ids) {
        const block = page.locator('.stat-table-block', { has: page.locator(`table[id="${id}"]`) });
        // Some tables sit in closed <details> (summary first): their links are there, only folded away.
        const href = async (name: string) => (await block.getByRole('link', { name: new RegExp(`^${name}`), includeHidden: true }).getAttribute('href'))!;
        const excelRes = await fetch(`${harness.system.urls.site}${await href('CSV für Excel')}`);
        expect(excelRes.headers.get('content-type')).toBe('text/csv; charset=utf-8');
        const excelBytes = new Uint8Array(await excelRes.arrayBuffer());
        expect([...excelBytes.slice(0, 3)], 'UTF-8 byte-order mark').toEqual([0xef, 0xbb, 0xbf]);
        const excelText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(excelBytes);
        const excel: string[][] = parse(excelText, { bom: true, delimiter: ';', relax_column_count: false });
        const machine: string[][] = parse(await (await fetch(`${harness.system.urls.site}${await href('CSV \\(maschinenlesbar\\)')}`)).text(), {
          bom: true,
          delimiter: ',',
          relax_column_count: false,
        });
        const json = (await (await fetch(`${harness.system.urls.site}${await href('JSON')}`)).json()) as {
          columns: { key: string; label: string }[];
          rows: Record<string, unknown>[];
          suppressed?: { row: number; column: string }[];
        };
        const html = await tableCells(page, id);
        expect(excel, id).toEqual(html);
        expect(machine, id).toEqual(machineCells(html));
        const hidden = new Set((json.suppressed ?? []).map((c) => `${c.row}|${c.column}`));
        expect(
          [
            json.columns.map((c) => c.label),
            ...json.rows.map((r, i) => json.columns.map((c) => (hidden.has(`${i}|${c.key}`) ? '•' : r[c.key] === null ? '' : String(r[c.key])))),
          ],
          id,
        ).toEqual(machineCells(html));
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(8);
    expect(harness.problems).toEqual([]);
  });
});
