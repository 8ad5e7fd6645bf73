import { phonePhoto, SCENES } from '@newsroom/infra-local/demo-photos.ts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { type EditorHarness, inTwoYears, recordCoveringConsent, recordReadBack, startEditorHarness, statusSays, takeAction, today } from './editor-browser.ts';

/**
 * A story with a photo, clicked through as the people would: the manager uploads a phone
 * photo (GPS, camera and capture time in its EXIF) by dragging it onto the page, describes
 * it (alt text, credit, licence, who is on it, the focal point), the consent refuses the
 * recognisable photo until the manager records a consent that covers it, the lead and the
 * press office approve, and the public page shows the picture with srcset, alt text and
 * credit. axe checks the new screens; a second photo is uploaded with the keyboard alone.
 */

const TITLE = 'Ein Garten für die ganze Nachbarschaft in Tamm';
const ALT = 'Eine Frau gießt Tomatenpflanzen in einem Gemeinschaftsgarten, im Hintergrund Hochbeete.';
const CREDIT = 'Caritas Ludwigsburg-Waiblingen-Enz';
const LICENCE = 'Frei für die Berichterstattung über das Integrationsmanagement, mit Quellenangabe.';

let harness: EditorHarness;
let storyId = '';
let publicPath = '';
let manager: Page;
let press: Page;
let photo: Buffer;
/** The lead picture's files on the public site, once published. */
let photoFiles: string[] = [];

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

/** Drops `files` on the drop zone as a person dragging them from the desktop would. */
async function dropFiles(page: Page, files: { name: string; type: string; bytes: Buffer }[]) {
  const transfer = await page.evaluateHandle(
    (list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
      return dt;
    },
    files.map((f) => ({ ...f, bytes: [...f.bytes] })),
  );
  const zone = page.locator('.drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

const photosUrl = () => `${harness.system.urls.editor}/#/geschichten/${storyId}/fotos`;

beforeAll(async () => {
  harness = await startEditorHarness();
  photo = await phonePhoto(SCENES[1]!, 85);
  const story = await api<{ id: string }>('/stories', 'caritas-manager', {
    method: 'POST',
    body: {
      title: TITLE,
      teaser: 'Auf einer Brachfläche in Tamm ziehen Nachbarinnen und Nachbarn gemeinsam Gemüse – auch eine Familie, die vor drei Jahren kam.',
      municipality: 'Tamm',
      topics: ['teilhabe'],
      body: 'Im Frühjahr hat die Gemeinde die Fläche zur Verfügung gestellt. Seitdem treffen sich jeden Samstag Menschen aus zwölf Ländern.',
      channels: ['website', 'press'],
      showMunicipality: true,
      persons: [{ id: 'A', role: 'Gärtnerin', ageGroup: 'adult', shows: { naming: 'pseudonym', photos: 'none', details: [] } }],
    },
  });
  storyId = story.id;
});

afterAll(async () => {
  await harness?.close();
});

describe('a story with a photo, from the upload to the public page', () => {
  it('the manager records the consent of person A (no photos yet) and opens the photos of the story', async () => {
    manager = await harness.signIn('caritas-manager');
    await manager.goto(`${harness.system.urls.editor}/#/geschichten/${storyId}`);
    await manager.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await recordCoveringConsent(manager, 'A');
    await manager.getByRole('link', { name: 'Fotos der Geschichte (0)' }).click();
    await manager.getByRole('heading', { level: 1, name: `Fotos: ${TITLE}` }).waitFor();
    expect(await axeViolations(manager)).toEqual([]);
  });

  it('a phone photo dropped on the page is uploaded with its progress shown and appears as a thumbnail waiting for its description', async () => {
    await dropFiles(manager, [{ name: 'IMG_2026.jpg', type: 'image/jpeg', bytes: photo }]);
    const row = manager.locator('.upload-list li').filter({ hasText: 'IMG_2026.jpg' });
    await row.getByRole('progressbar').waitFor();
    await row.getByText('fertig: bitte beschreiben').waitFor({ timeout: 60_000 });
    expect(await row.getByRole('progressbar').getAttribute('value')).toBe('100');
    await statusSays(manager, 'Ein Foto ist hochgeladen und wartet auf seine Beschreibung.');

    const grid = manager.getByRole('list', { name: 'Fotos dieser Geschichte' });
    const card = grid.getByRole('listitem').filter({ hasText: 'Beschreibung fehlt' });
    await expect.poll(() => card.getByRole('img').getAttribute('src'), { timeout: 15_000 }).toMatch(/^data:image\/webp;base64,/);
    expect(await axeViolations(manager)).toEqual([]);
  });

  it('the description must be complete: an empty form and an alt text starting with „Bild von“ are refused in German', async () => {
    await manager.getByRole('button', { name: 'Foto beschreiben: Foto ohne Beschreibung' }).click();
    const form = manager.getByRole('form', { name: 'Foto beschreiben' });
    await form.getByLabel('Lizenz oder Nutzungshinweis (Pflichtfeld)').fill('');
    await form.getByRole('button', { name: 'Beschreibung speichern' }).click();
    const summary = form.getByRole('alert');
    await summary.getByText('Die Beschreibung des Fotos ist noch nicht vollständig.').waitFor();
    expect(await summary.innerText()).toContain('Person A');
    expect(await form.getByLabel('Alternativtext (Pflichtfeld)').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Alternativtext (Pflichtfeld)').fill('Bild von einer Frau im Garten');
    await form.getByRole('button', { name: 'Beschreibung speichern' }).click();
    await summary.getByText(/nicht mit „Bild von“/).waitFor();
    // Nothing was saved: the story still has no photo.
    const story = await api<{ photos: unknown[] }>(`/stories/${storyId}`, 'caritas-manager');
    expect(story.photos).toEqual([]);
    expect(await axeViolations(manager)).toEqual([]);
  });

  it('the manager describes it: alt text, credit, licence, person A recognisable, the focal point set by clicking on the face', async () => {
    const form = manager.getByRole('form', { name: 'Foto beschreiben' });
    await form.getByLabel('Alternativtext (Pflichtfeld)').fill(ALT);
    await form.getByLabel('Bildnachweis (Pflichtfeld)').fill(CREDIT);
    await form.getByLabel('Lizenz oder Nutzungshinweis (Pflichtfeld)').fill(LICENCE);
    await form.getByRole('group', { name: 'Person A (Gärtnerin)' }).getByRole('radio', { name: 'zu sehen und erkennbar' }).check();
    const image = form.locator('.focal-image');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 15_000 }).toBe(true);
    const box = (await image.boundingBox())!;
    await image.click({ position: { x: box.width * 0.3, y: box.height * 0.25 } });
    expect(await form.getByLabel('Waagrecht (von links nach rechts)').inputValue()).toBe('30');
    expect(await form.getByLabel('Senkrecht (von oben nach unten)').inputValue()).toBe('25');
    // With the keyboard too: one step to the right.
    await form.getByLabel('Waagrecht (von links nach rechts)').press('ArrowRight');
    expect(await form.getByLabel('Waagrecht (von links nach rechts)').inputValue()).toBe('31');
    expect(await form.getByRole('checkbox', { name: 'Als Aufmacherbild verwenden' }).isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Beschreibung speichern' }).click();
    await statusSays(manager, 'Die Beschreibung des Fotos ist gespeichert.');

    const story = await api<{ photos: { alt: string; credit: string; focal: { x: number; y: number }; persons: unknown[]; lead?: boolean }[] }>(
      `/stories/${storyId}`,
      'caritas-manager',
    );
    expect(story.photos).toHaveLength(1);
    expect(story.photos[0]).toMatchObject({ alt: ALT, credit: CREDIT, licence: LICENCE, persons: [{ personId: 'A', recognisable: true }], lead: true });
    expect(story.photos[0]!.focal.x).toBeCloseTo(0.31, 2);
    expect(story.photos[0]!.focal.y).toBeCloseTo(0.25, 2);
  });

  it('the photo shows in words that the consent does not cover it, and submitting is refused for person A and this photo', async () => {
    const card = manager
      .getByRole('list', { name: 'Fotos dieser Geschichte' })
      .getByRole('listitem')
      .filter({ has: manager.getByRole('img', { name: ALT }) });
    await card.getByText('Einwilligung deckt das Foto nicht ab').waitFor();
    await card.getByText('Aufmacherbild').waitFor();

    await manager.getByRole('link', { name: 'Zurück zur Geschichte' }).click();
    await manager.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await takeAction(manager, 'Zur Freigabe einreichen');
    const refusal = manager.getByRole('alert');
    await refusal.getByText(/Person A.*Foto „Eine Frau gießt Tomatenpflanzen.*nicht ab/).waitFor();
  });

  it('the manager records the consent to recognisable photos from the new signed form; the photo turns green and the story can be submitted', async () => {
    await manager.getByRole('link', { name: 'Einwilligung von Person A korrigieren' }).click();
    await manager.getByRole('heading', { level: 1, name: 'Einwilligung korrigieren: Person A' }).waitFor();
    await manager.getByRole('radio', { name: 'Die Person selbst' }).check();
    await manager.getByLabel('Datum der Einwilligung').fill(today());
    await manager.getByLabel('Sprache des Gesprächs').fill('Deutsch');
    await manager.getByLabel('Aktenzeichen des unterschriebenen Formulars').fill('EW-A-2');
    await manager.getByLabel('Gültig bis').fill(inTwoYears());
    const scope = manager.getByRole('group', { name: 'Umfang der Einwilligung' });
    await scope.getByRole('checkbox', { name: 'Website' }).check();
    await scope.getByRole('checkbox', { name: 'Pressemitteilung / Feed' }).check();
    await scope.getByLabel('Fotos').selectOption({ label: 'Fotos, auf denen die Person erkennbar ist' });
    await manager.getByLabel('Grund der Korrektur').fill('Neues Formular: Die Person willigt auch in erkennbare Fotos ein.');
    await manager.getByRole('button', { name: 'Einwilligung speichern' }).click();
    await statusSays(manager, 'Die Einwilligung von Person A wurde gespeichert.');

    await manager.goto(photosUrl());
    const card = manager
      .getByRole('list', { name: 'Fotos dieser Geschichte' })
      .getByRole('listitem')
      .filter({ has: manager.getByRole('img', { name: ALT }) });
    await card.getByText('Einwilligung deckt das Foto ab').waitFor();

    await manager.getByRole('link', { name: 'Zurück zur Geschichte' }).click();
    await takeAction(manager, 'Zur Freigabe einreichen');
    await statusSays(manager, 'Die Geschichte wurde zur Freigabe eingereicht.');
    await recordReadBack(manager, ['A']);
  });

  it('the lead approves, the press office approves and publishes', async () => {
    const lead = await harness.signIn('caritas-lead');
    await lead.goto(`${harness.system.urls.editor}/#/geschichten/${storyId}`);
    await lead.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await takeAction(lead, 'Freigeben (Träger)');
    await statusSays(lead, 'Die Geschichte ist freigegeben');

    press = await harness.signIn('presse');
    await press.goto(`${harness.system.urls.editor}/#/geschichten/${storyId}`);
    await press.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await takeAction(press, 'Freigeben (Pressestelle)');
    await statusSays(press, 'von der Pressestelle freigegeben');
    await press.reload();
    await takeAction(press, 'Veröffentlichen');
    await press.getByRole('dialog', { name: 'Geschichte veröffentlichen?' }).getByRole('button', { name: 'Ja, veröffentlichen' }).click();
    await statusSays(press, 'Die Geschichte ist veröffentlicht.');
    const link = press.getByRole('link', { name: `${harness.system.urls.site}/geschichten/` });
    publicPath = new URL((await link.getAttribute('href'))!).pathname;
  });

  it('the public page shows the lead picture: AVIF, WebP and JPEG srcsets, width and height, alt text, credit, loaded first; Open Graph names it', async () => {
    await expect.poll(async () => (await fetch(`${harness.system.urls.site}${publicPath}`)).status, { timeout: 30_000, interval: 500 }).toBe(200);
    const reader = await harness.openEditor('reader');
    await reader.goto(`${harness.system.urls.site}${publicPath}`);
    const figure = reader.locator('article figure.photo').first();
    const img = figure.getByRole('img', { name: ALT });
    await img.waitFor();
    expect(await figure.locator('source[type="image/avif"]').getAttribute('srcset')).toMatch(/\/bilder\/[a-z0-9]{12}\/\d+\.avif \d+w/);
    expect(await figure.locator('source[type="image/webp"]').getAttribute('srcset')).toMatch(/\.webp \d+w/);
    expect(await img.getAttribute('srcset')).toMatch(/\.jpg \d+w/);
    expect(await img.getAttribute('sizes')).toBeTruthy();
    expect(Number(await img.getAttribute('width'))).toBeGreaterThan(0);
    expect(Number(await img.getAttribute('height'))).toBeGreaterThan(0);
    expect(await img.getAttribute('loading')).toBe('eager');
    expect(await img.getAttribute('fetchpriority')).toBe('high');
    expect(await figure.locator('figcaption').innerText()).toContain(`Foto: ${CREDIT}`);
    // The browser really loaded a rendition, and the files carry no trace of the phone.
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), { timeout: 15_000 }).toBe(true);
    photoFiles = (
      await figure
        .locator('source, img')
        .evaluateAll((els) => els.flatMap((el) => (el.getAttribute('srcset') ?? '').split(',').map((c) => c.trim().split(' ')[0]!)))
    ).filter(Boolean);
    const og = await reader.locator('meta[property="og:image"]').getAttribute('content');
    expect(og).toMatch(/\/bilder\/[a-z0-9]{12}\/og-\d{1,3}\.jpg$/);
    const ogFile = await fetch(new URL(new URL(og!).pathname, harness.system.urls.site));
    expect(ogFile.status).toBe(200);
    expect(ogFile.headers.get('content-type')).toContain('image/jpeg');
    photoFiles.push(new URL(og!).pathname);
    expect(await axeViolations(reader)).toEqual([]);

    // The home page's card carries the picture too, cropped around the focal point, loaded lazily.
    await reader.goto(harness.system.urls.site);
    const cardImg = reader.locator('.story-card').filter({ hasText: TITLE }).getByRole('img', { name: ALT });
    expect(await cardImg.getAttribute('loading')).toBe('lazy');
    expect(await reader.locator('.story-card').filter({ hasText: TITLE }).locator('picture').getAttribute('class')).toContain('fx-30');
    expect(await axeViolations(reader)).toEqual([]);
  });

  it('the media library lists the photo with its story, who is on it and its consent status, and finds it by credit or alt text', async () => {
    await manager.goto(harness.system.urls.editor);
    await manager.getByRole('link', { name: 'Mediathek', exact: true }).click();
    await manager.getByRole('heading', { level: 1, name: 'Mediathek' }).waitFor();
    const item = manager.locator('.library-item').filter({ hasText: ALT });
    await item.getByRole('link', { name: TITLE }).waitFor();
    expect(await item.innerText()).toContain('Person A (Gärtnerin), erkennbar');
    await item.getByText('Einwilligung deckt das Foto ab').waitFor();
    expect(await axeViolations(manager)).toEqual([]);

    const search = manager.getByLabel('Suchen nach Alternativtext oder Bildnachweis');
    await search.fill('Tomatenpflanzen');
    await item.waitFor();
    await search.fill('kein Foto hat diesen Text');
    await manager.getByText('Kein Foto passt zu dieser Suche.').waitFor();
    expect(await item.count()).toBe(0);
    await search.fill('caritas ludwigsburg');
    await item.waitFor();
  });

  it('taken off the website, the story takes its photo along: not on the home page, and every file of it answers 404 or 410', async () => {
    await press.goto(`${harness.system.urls.editor}/#/geschichten/${storyId}`);
    await press.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await takeAction(press, 'Von der Website nehmen');
    await press.getByRole('dialog', { name: 'Von der Website nehmen?' }).getByRole('button', { name: 'Ja, von der Website nehmen' }).click();
    await statusSays(press, 'Die Geschichte wurde von der Website genommen.');
    const photoPath = photoFiles[0]!.slice(0, photoFiles[0]!.lastIndexOf('/') + 1);
    await expect
      .poll(async () => (await fetch(harness.system.urls.site).then((r) => r.text())).includes(photoPath), { timeout: 30_000, interval: 500 })
      .toBe(false);
    expect(photoFiles.length).toBeGreaterThan(3);
    for (const file of photoFiles) expect([404, 410], file).toContain((await fetch(new URL(file, harness.system.urls.site))).status);
  });

  it('a photo is uploaded with the keyboard alone: Tab to „Fotos auswählen“, Enter opens the file dialog', async () => {
    const story = await api<{ id: string }>('/stories', 'caritas-manager', {
      method: 'POST',
      body: { title: 'Tastatur: ein zweites Foto für eine neue Geschichte', persons: [] },
    });
    const page = await harness.signIn('caritas-manager');
    await page.goto(`${harness.system.urls.editor}/#/geschichten/${story.id}/fotos`);
    await page.getByRole('heading', { level: 1, name: /^Fotos: / }).waitFor();
    // Playwright intercepts file dialogs only once a listener is registered, and registering one is a message it does not
    // wait for; a key press sent right after it can reach the page before the interception does (the dialog then opens
    // natively and no event comes: 22 of 100 presses in a loop here). Registered first, the evaluate round trips of the
    // Tab loop below, on the same DevTools session, come back only after the interception is set.
    const opened = page.waitForEvent('filechooser', { timeout: 60_000 });
    let onPicker = false;
    for (let i = 0; i < 25 && !onPicker; i++) {
      await page.keyboard.press('Tab');
      onPicker = await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === 'file');
    }
    expect(onPicker).toBe(true);
    await page.keyboard.press('Enter');
    const chooser = await opened;
    await chooser.setFiles({ name: 'garten.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.locator('.upload-list li').filter({ hasText: 'garten.jpg' }).getByText('fertig: bitte beschreiben').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Foto beschreiben: Foto ohne Beschreibung' }).waitFor();
  });

  it('no page broke the Content-Security-Policy or threw a script error', () => {
    expect(harness.problems).toEqual([]);
  });
});
