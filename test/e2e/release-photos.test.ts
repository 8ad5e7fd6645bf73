import { phonePhoto, SCENES } from '@newsroom/infra-local/demo-photos.ts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { type EditorHarness, startEditorHarness, statusSays } from './editor-browser.ts';

/**
 * A press release with a photo, as the people would do it: the manager opens the release's
 * photos, drops a phone photo on the page, describes it (no person on it), and after the
 * press office published the release, its public page, the press photos page and the link
 * preview show the processed renditions, never a file picked by its name. axe checks the
 * screens and the pages.
 */

const HEADLINE = 'Weinberge und Wege: Neue Paten für den Start im Landkreis';
const ALT = 'Ein Weg führt zwischen herbstlichen Weinbergen einen sanften Hang hinauf.';
const CREDIT = 'Landratsamt Ludwigsburg, Pressestelle';
const LICENCE = 'Frei für die Berichterstattung über das Integrationsmanagement, mit Quellenangabe.';

let harness: EditorHarness;
let releaseId = '';
let manager: Page;
let photo: Buffer;

async function api<T>(path: string, username: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const token = await harness.system.gateway.idp.issue(username);
  const res = await fetch(`${harness.system.urls.api}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  harness = await startEditorHarness();
  photo = await phonePhoto(SCENES[1]!, 85);
  const release = await api<{ id: string }>('/releases', 'lra-manager', {
    method: 'POST',
    body: {
      headline: HEADLINE,
      lead: 'Ehrenamtliche Patinnen und Paten begleiten neu angekommene Familien in den ersten Monaten im Landkreis Ludwigsburg.',
      body: 'Das Integrationsmanagement bringt Familien und Ehrenamtliche zusammen, die sich in der Gemeinde auskennen und im Alltag helfen. '.repeat(3),
      contacts: [{ name: 'Julia Neumann', function: 'Pressestelle', phone: '07141 144-0', email: 'presse@example.org' }],
      topics: ['teilhabe'],
      partners: ['lra'],
    },
  });
  releaseId = release.id;
});

afterAll(async () => {
  await harness?.close();
});

describe('a press release with a photo, from the upload to the public page', () => {
  it('the release form picks no file by name; it leads to the photos of the release', async () => {
    manager = await harness.signIn('lra-manager');
    await manager.goto(`${harness.system.urls.editor}/#/pressemitteilungen/${releaseId}/bearbeiten`);
    await manager.getByRole('heading', { level: 1 }).waitFor();
    const section = manager.getByRole('region', { name: 'Fotos' });
    await section.waitFor();
    expect(await section.getByRole('combobox').count()).toBe(0);
    expect(await manager.getByText('Bilddatei aus der Mediathek').count()).toBe(0);
    await section.getByRole('link', { name: 'Fotos dieser Pressemitteilung' }).click();
    await manager.getByRole('heading', { level: 1, name: `Fotos: ${HEADLINE}` }).waitFor();
    expect(await axeViolations(manager)).toEqual([]);
  });

  it('a dropped phone photo is uploaded, described with „Keine Person erkennbar“ and saved as the lead picture', async () => {
    const transfer = await manager.evaluateHandle(
      (bytes) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes)], 'IMG_3001.jpg', { type: 'image/jpeg' }));
        return dt;
      },
      [...photo],
    );
    const zone = manager.locator('.drop-zone');
    await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
    await zone.dispatchEvent('drop', { dataTransfer: transfer });
    await manager.locator('.upload-list li').filter({ hasText: 'IMG_3001.jpg' }).getByText('fertig: bitte beschreiben').waitFor({ timeout: 60_000 });

    await manager.getByRole('button', { name: 'Foto beschreiben: Foto ohne Beschreibung' }).click();
    const form = manager.getByRole('form', { name: 'Foto beschreiben' });
    await form.getByRole('button', { name: 'Beschreibung speichern' }).click();
    await form.getByRole('alert').getByText('Die Beschreibung des Fotos ist noch nicht vollständig.').waitFor();
    expect(await axeViolations(manager)).toEqual([]);

    await form.getByLabel('Alternativtext (Pflichtfeld)').fill(ALT);
    await form.getByLabel('Bildnachweis (Pflichtfeld)').fill(CREDIT);
    await form.getByLabel('Lizenz oder Nutzungshinweis (Pflichtfeld)').fill(LICENCE);
    await form.getByRole('checkbox', { name: 'Keine Person erkennbar' }).check();
    await form.getByRole('button', { name: 'Beschreibung speichern' }).click();
    await statusSays(manager, 'Die Beschreibung des Fotos ist gespeichert.');
    const card = manager
      .getByRole('list', { name: 'Fotos dieser Pressemitteilung' })
      .getByRole('listitem')
      .filter({ has: manager.getByRole('img', { name: ALT }) });
    await card.getByText('Aufmacherbild').waitFor();
    await card.getByText('Keine Person erkennbar').waitFor();
    expect(await axeViolations(manager)).toEqual([]);

    const saved = await api<{ photos: { alt: string; noPerson?: boolean; lead?: boolean; width?: number }[] }>(`/releases/${releaseId}`, 'lra-manager');
    expect(saved.photos).toEqual([expect.objectContaining({ alt: ALT, credit: CREDIT, licence: LICENCE, noPerson: true, lead: true })]);
    expect(saved.photos[0]!.width).toBeGreaterThan(0);
  });

  it('the media library lists it with its release, who is on it and its consent status', async () => {
    await manager.goto(harness.system.urls.editor);
    await manager.getByRole('link', { name: 'Mediathek', exact: true }).click();
    await manager.getByRole('heading', { level: 1, name: 'Mediathek' }).waitFor();
    const item = manager.locator('.library-item').filter({ hasText: ALT });
    await item.getByRole('link', { name: HEADLINE }).waitFor();
    // Who is on it in words, and the consent status as a badge (an older library called every release photo one „ohne Personen der Geschichten“).
    expect(await item.innerText()).toContain('keine Person erkennbar');
    expect(await item.locator('.photo-consent').innerText()).toContain('Keine Person erkennbar');
    expect(await axeViolations(manager)).toEqual([]);
  });

  it('published, the public page, the press photos page and the link preview use the processed renditions', async () => {
    let r = await api<{ id: string; version: number; slug: string }>(`/releases/${releaseId}`, 'lra-manager');
    for (const [user, action] of [
      ['lra-manager', 'propose'],
      ['presse', 'approve'],
      ['presse', 'publish'],
    ] as const) {
      r = await api(`/releases/${releaseId}/transitions`, user, { method: 'POST', body: { action, version: r.version } });
    }
    const page = `${harness.system.urls.site}/pressemitteilungen/${r.slug}/`;
    await expect.poll(async () => (await fetch(page)).status, { timeout: 30_000, interval: 500 }).toBe(200);

    const reader = await harness.openEditor('reader');
    await reader.goto(page);
    const figure = reader.locator('article figure.photo').first();
    const img = figure.getByRole('img', { name: ALT });
    await img.waitFor();
    expect(await figure.locator('source[type="image/avif"]').getAttribute('srcset')).toMatch(/\/bilder\/[a-z0-9]{12}\/\d+\.avif \d+w/);
    expect(await img.getAttribute('srcset')).toMatch(/\/bilder\/[a-z0-9]{12}\/\d+\.jpg \d+w/);
    expect(Number(await img.getAttribute('width'))).toBeGreaterThan(0);
    expect(await figure.innerText()).toContain(CREDIT);
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), { timeout: 15_000 }).toBe(true);
    const og = await reader.locator('meta[property="og:image"]').getAttribute('content');
    expect(og).toMatch(/\/bilder\/[a-z0-9]{12}\/og-\d{1,3}\.jpg$/);
    expect((await fetch(new URL(new URL(og!).pathname, harness.system.urls.site))).status).toBe(200);
    expect(await axeViolations(reader)).toEqual([]);

    await reader.goto(`${harness.system.urls.site}/presse/medien/`);
    const entry = reader.locator('.media-release').filter({ hasText: HEADLINE });
    const download = await entry.getByRole('link', { name: /Foto in voller Größe herunterladen/ }).getAttribute('href');
    expect(download).toMatch(/^\/bilder\/[a-z0-9]{12}\/\d+\.jpg$/);
    expect((await fetch(new URL(download!, harness.system.urls.site))).status).toBe(200);
    expect(await entry.innerText()).toContain(LICENCE);
    expect(await axeViolations(reader)).toEqual([]);
  });

  it('no page broke the Content-Security-Policy or threw a script error', () => {
    expect(harness.problems).toEqual([]);
  });
});
