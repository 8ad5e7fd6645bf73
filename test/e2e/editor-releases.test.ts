import { berlinDay } from '@newsroom/domain/consent.ts';
import { CONSENT_FORM_VERSION } from '@newsroom/domain/consent-form.ts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, recordCoveringConsent, recordReadBack, startEditorHarness, statusSays } from './editor-browser.ts';

/**
 * Consent beyond the gate and the press release, clicked through as the people would:
 * an AWO manager prints the consent form, records the signed consent and the read-back;
 * the story is published; the manager proposes a press release featuring it; another
 * person, in the press office, approves it, plans it with a Sperrfrist, takes the
 * Sperrfrist away again and publishes it; then the person withdraws: the report says
 * what the system recalled and what is left to do, and the press office is told.
 */

const STORY = {
  title: 'Mit dem Meisterbrief in die Selbstständigkeit',
  teaser: 'Herr K. kam 2015 nach Asperg. Heute führt er einen kleinen Betrieb und bildet selbst aus – ein langer Weg mit vielen Stationen.',
  municipality: 'Asperg',
  topics: ['arbeit'],
  body: 'Als Herr K. nach Asperg kam, sprach er kaum Deutsch. Mit dem Integrationsmanagement plante er Sprachkurs, Anerkennung und Meisterschule.',
  channels: ['website', 'press'],
  persons: [{ id: 'A', role: 'Handwerksmeister', ageGroup: 'adult', shows: { naming: 'pseudonym', photos: 'none', details: [] } }],
};
const RELEASE = {
  headline: 'Integrationsmanagement: Wege in Ausbildung und eigene Betriebe',
  lead: 'Im Landkreis Ludwigsburg finden Geflüchtete mit dem Integrationsmanagement ihren Weg in Ausbildung und Beruf, manche bis zum eigenen Betrieb.',
  body: 'Das Integrationsmanagement begleitet Menschen, deren Asylverfahren abgeschlossen ist. Gemeinsam werden Ziele vereinbart: Sprache, Anerkennung von Abschlüssen, Ausbildung und Arbeit.',
};

let harness: EditorHarness;
let storyId = '';
let releaseId = '';
/** The AWO manager and a press officer, each signed in once at their own computer. */
let manager: Page;
let press: Page;

const api = (username: string, method: string, path: string, body?: unknown) => harness.call(username, method, path, body);

async function storyAction(user: string, action: string) {
  const { body: story } = await api(user, 'GET', `/stories/${storyId}`);
  const res = await api(user, 'POST', `/stories/${storyId}/transitions`, { action, version: story.version });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const editorUrl = (hash: string) => `${harness.system.urls.editor}/${hash}`;
const nextSteps = (page: Page) => page.getByRole('region', { name: 'Nächste Schritte' });

/** The last Sunday of March next year, when 02:00–02:59 does not exist in Berlin. */
function springForward(): { iso: string; german: string } {
  const d = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 2, 31));
  d.setUTCDate(31 - d.getUTCDay());
  const iso = d.toISOString().slice(0, 10);
  return { iso, german: `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` };
}

async function openSchedule(page: Page) {
  await page.goto(editorUrl(`#/pressemitteilungen/${releaseId}`));
  await nextSteps(page).getByRole('link', { name: 'Sperrfrist festlegen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sperrfrist festlegen' }).waitFor();
  return page.getByRole('group', { name: 'Sperrfrist' });
}

beforeAll(async () => {
  harness = await startEditorHarness();
  const created = await api('awo-manager', 'POST', '/stories', STORY);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  storyId = created.body.id;
});

afterAll(async () => {
  await harness?.close();
});

describe('consent: the printed form, the read-back and publication', () => {
  it('the manager prints the consent form for person A: it names exactly what the story shows', async () => {
    manager = await harness.signIn('awo-manager');
    await manager.goto(editorUrl(`#/geschichten/${storyId}`));
    await manager.getByRole('link', { name: 'Einwilligungsformular für Person A drucken' }).click();
    await manager.getByRole('heading', { level: 1, name: 'Einwilligungsformular: Person A' }).waitFor();
    const sheet = await manager.getByRole('article').innerText();
    expect(sheet).toContain(`Formular ${CONSENT_FORM_VERSION}`);
    expect(sheet).toContain('Person A (Handwerksmeister)');
    expect(sheet).toContain('Wenn Sie nein sagen, hat das keine Folgen für Ihre Beratung.');
    expect(sheet).toContain('auf der Internetseite');
    expect(sheet).toContain('in Pressemitteilungen');
    expect(sheet).not.toContain('in sozialen Medien');
    expect(sheet).toContain('dass ich mit einem ausgedachten Namen, nicht mit dem echten Namen genannt werde');
    expect(sheet).toContain('Es werden keine Fotos gezeigt.');
    expect(sheet).toContain('Ich bin einverstanden, dass die Geschichte den Wohnort (Asperg) nennt.');
    expect(sheet).not.toContain('Artikel 9');
    // The contacts come from the organisation settings (the local system's invented demo values).
    expect(sheet).toMatch(/Datenschutzbeauftragte\/r: .+\s+Anschrift: .+, \d{5} /);
    expect(sheet).toContain('Unterschrift: Person A');
    // A4, and the whole form on two pages.
    const pdf = (await manager.pdf({ format: 'A4' })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(2);
  });

  it('the manager records the signed consent and that the person heard exactly the final text', async () => {
    await manager.getByRole('link', { name: 'Zurück zur Geschichte' }).click();
    await manager.getByRole('heading', { level: 1, name: STORY.title }).waitFor();
    await recordCoveringConsent(manager, 'A');
    await recordReadBack(manager, ['A']);
  });

  it('the partner lead and the press office approve and publish it', async () => {
    await storyAction('awo-manager', 'submit');
    await storyAction('awo-lead', 'approve');
    await storyAction('presse', 'press-approve');
    await storyAction('presse', 'publish');
  });
});

describe("a press release from a partner's proposal to the public page", () => {
  it('the AWO manager drafts a release featuring the story and proposes it to the press office', async () => {
    await manager.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Pressemitteilungen' }).click();
    await manager.getByRole('link', { name: 'Neue Pressemitteilung', exact: true }).click();
    await manager.getByRole('heading', { level: 1, name: 'Neue Pressemitteilung' }).waitFor();
    await manager.getByLabel('Überschrift').fill(RELEASE.headline);
    await manager.getByLabel('Vorspann').fill(RELEASE.lead);
    await manager.getByLabel('Text', { exact: true }).fill(RELEASE.body);
    const contact = manager.getByRole('region', { name: 'Ansprechperson 1' });
    await contact.getByLabel('Name').fill('Sabine Roth');
    await contact.getByLabel('Funktion').fill('Öffentlichkeitsarbeit');
    await contact.getByLabel('Telefon').fill('+49 7141 555-0200');
    await contact.getByLabel('E-Mail').fill('presse@awo-ludwigsburg.example');
    await manager.getByRole('group', { name: 'Themen' }).getByRole('checkbox', { name: 'Arbeit' }).check();
    await manager
      .getByRole('group', { name: 'Geschichten in dieser Pressemitteilung' })
      .getByRole('checkbox', { name: new RegExp(`^${STORY.title}`) })
      .check();
    await manager.getByRole('button', { name: 'Speichern' }).click();
    await statusSays(manager, 'Die Pressemitteilung wurde gespeichert.');
    await manager.getByRole('heading', { level: 1, name: RELEASE.headline }).waitFor();
    releaseId = /#\/pressemitteilungen\/([a-z0-9]+)$/.exec(manager.url())![1]!;

    await nextSteps(manager).getByRole('button', { name: 'Der Pressestelle vorschlagen' }).click();
    await statusSays(manager, 'Die Pressemitteilung ist der Pressestelle vorgeschlagen.');
  });

  it('another person, in the press office, finds it among the proposals and approves it', async () => {
    press = await harness.signIn('presse');
    await press.goto(editorUrl('#/pressemitteilungen'));
    await press
      .getByRole('region', { name: /^Vorgeschlagen/ })
      .getByRole('link', { name: RELEASE.headline })
      .click();
    await press.getByRole('heading', { level: 1, name: RELEASE.headline }).waitFor();
    await nextSteps(press).getByRole('button', { name: 'Freigeben' }).click();
    await statusSays(press, 'Die Pressemitteilung ist freigegeben');
  });

  it("a Sperrfrist in the hour skipped by the clock change is refused with the API's German reason", async () => {
    const gap = springForward();
    const embargo = await openSchedule(press);
    await embargo.getByLabel('Datum').fill(gap.iso);
    await embargo.getByLabel('Uhrzeit').fill('02:30');
    await press.getByRole('button', { name: 'Zeitplan speichern' }).click();
    await press.getByRole('alert').getByText(`Die Uhrzeit 02:30 gibt es am ${gap.german} nicht`).waitFor();
    expect(await embargo.getByLabel('Datum').getAttribute('aria-invalid')).toBe('true');
  });

  it('with a Sperrfrist it is planned, in the calendar, and not public', async () => {
    const embargo = press.getByRole('group', { name: 'Sperrfrist' });
    await embargo.getByLabel('Datum').fill(berlinDay(new Date(Date.now() + 86_400_000)));
    await embargo.getByLabel('Uhrzeit').fill('10:00');
    await expect.poll(() => embargo.innerText()).toContain('UTC');
    await press.getByRole('button', { name: 'Zeitplan speichern' }).click();
    await statusSays(press, 'Die Sperrfrist');
    await nextSteps(press).getByRole('button', { name: 'Mit Sperrfrist veröffentlichen' }).click();
    const dialog = press.getByRole('dialog', { name: 'Pressemitteilung veröffentlichen?' });
    await dialog.getByText('mit Ablauf der Sperrfrist', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Ja, veröffentlichen' }).click();
    await statusSays(press, 'Die Pressemitteilung ist geplant');

    await press.goto(editorUrl('#/pressemitteilungen'));
    const planned = press.getByRole('region', { name: /^Geplant \(Sperrfrist\)/ });
    await planned.getByRole('link', { name: RELEASE.headline }).waitFor();
    expect(await planned.innerText()).toContain('10:00 Uhr');

    const { body: release } = await api('presse', 'GET', `/releases/${releaseId}`);
    expect(release.status).toBe('scheduled');
    expect((await api('drk-manager', 'GET', `/releases/${releaseId}`)).status).toBe(404);
    expect((await fetch(`${harness.system.urls.site}/pressemitteilungen/${release.slug}/`)).status).not.toBe(200);
  });

  it('without the Sperrfrist it is approved again; publishing makes it public on the site', async () => {
    const embargo = await openSchedule(press);
    await embargo.getByRole('button', { name: 'Sperrfrist entfernen' }).click();
    await press.getByRole('button', { name: 'Zeitplan speichern' }).click();
    await statusSays(press, 'Die Sperrfrist ist entfernt.');
    await nextSteps(press).getByRole('button', { name: 'Veröffentlichen', exact: true }).click();
    await press.getByRole('dialog', { name: 'Pressemitteilung veröffentlichen?' }).getByRole('button', { name: 'Ja, veröffentlichen' }).click();
    await statusSays(press, 'Die Pressemitteilung ist veröffentlicht.');

    // Another partner now gets what the site shows of it, and only that.
    const { body: release } = await api('drk-manager', 'GET', `/releases/${releaseId}`);
    expect(release.audience).toBe('public');
    expect(release.audit).toBeUndefined();
    const url = `${harness.system.urls.site}/pressemitteilungen/${release.slug}/`;
    await expect.poll(async () => (await fetch(url)).status, { timeout: 30_000, interval: 500 }).toBe(200);
    expect(await (await fetch(url)).text()).toContain(RELEASE.headline);
  });
});

describe('a press release a colleague changed in between', () => {
  it('saving the older version says the press release changed, not the story, and offers the current version', async () => {
    const created = await api('awo-manager', 'POST', '/releases', { headline: 'Sprechstunde im Rathaus Asperg' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await manager.goto(editorUrl(`#/pressemitteilungen/${created.body.id}/bearbeiten`));
    await manager.getByRole('heading', { level: 1, name: 'Pressemitteilung bearbeiten' }).waitFor();
    const colleague = await api('awo-lead', 'PUT', `/releases/${created.body.id}`, {
      version: created.body.version,
      release: { headline: 'Sprechstunde im Rathaus Asperg, jetzt donnerstags' },
    });
    expect(colleague.status, JSON.stringify(colleague.body)).toBe(200);

    await manager.getByLabel('Vorspann').fill('Die Sprechstunde des Integrationsmanagements findet künftig im Rathaus statt.');
    await manager.getByRole('button', { name: 'Speichern' }).click();
    const alert = manager.getByRole('alert');
    await alert.getByRole('heading', { name: 'Die Pressemitteilung wurde inzwischen geändert' }).waitFor();
    expect(await alert.innerText()).not.toContain('Geschichte');
    await alert.getByRole('button', { name: 'Aktuelle Fassung laden' }).click();
    await expect.poll(() => manager.getByLabel('Überschrift').inputValue()).toBe('Sprechstunde im Rathaus Asperg, jetzt donnerstags');
  });
});

describe("withdrawal: report, confirmation and the press office's task", () => {
  it('the person withdraws: the story closes and the report says what was recalled and what is left to do', async () => {
    await manager.goto(editorUrl(`#/geschichten/${storyId}`));
    await manager.getByRole('link', { name: 'Widerruf von Person A erfassen' }).click();
    await manager.getByLabel('Wie ist der Widerruf eingegangen?').selectOption({ label: 'telefonisch' });
    await manager.getByRole('button', { name: 'Widerruf speichern' }).click();
    await manager.getByRole('dialog', { name: 'Widerruf speichern?' }).getByRole('button', { name: 'Ja, Widerruf speichern' }).click();
    await statusSays(manager, 'Der Widerruf von Person A ist gespeichert.');

    const report = manager.getByRole('region', { name: 'Widerruf: Wo die Geschichte war' });
    const text = await report.innerText();
    expect(text).toContain('Vom System zurückgenommen');
    expect(text).toContain('Website: Seite der Geschichte');
    expect(text).toContain(`Pressemitteilung „${RELEASE.headline}“`);
    expect(text).toContain('Bitte selbst erledigen');
    expect(text).toContain('Journalistinnen und Journalisten');

    await report.getByRole('link', { name: 'Bestätigung für Person A drucken' }).click();
    await manager.getByRole('heading', { level: 1, name: 'Bestätigung: Ihr Widerruf ist umgesetzt' }).waitFor();
    const sheet = await manager.getByRole('article').innerText();
    expect(sheet).toContain('Person A (Handwerksmeister)');
    expect(sheet).toContain('Der Widerruf hat keinen Einfluss auf Ihre Beratung.');
    const pdf = (await manager.pdf({ format: 'A4' })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
  });

  it('the release went offline with the story; the press office has a task it cannot dismiss', async () => {
    const { body: release } = await api('presse', 'GET', `/releases/${releaseId}`);
    expect(release.status).toBe('unpublished');
    const url = `${harness.system.urls.site}/pressemitteilungen/${release.slug}/`;
    await expect.poll(async () => (await fetch(url)).status, { timeout: 30_000, interval: 500 }).toBe(410);

    await press.goto(editorUrl('#/'));
    await press.getByRole('heading', { level: 1, name: 'Übersicht' }).waitFor();
    const notices = press.getByRole('region', { name: /Hinweise für die Pressestelle/ });
    await notices.getByText(`„${RELEASE.headline}“ ist seit`, { exact: false }).waitFor();
    expect(await notices.getByText(STORY.title, { exact: false }).count()).toBe(0);
    // Other files' notices may stand beside it (the system is shared); none about this release can be dismissed.
    const aboutThis = notices.getByRole('listitem').filter({ hasText: RELEASE.headline });
    expect(await aboutThis.count()).toBeGreaterThan(0);
    expect(await aboutThis.getByRole('button', { name: 'Zur Kenntnis genommen' }).count()).toBe(0);
  });

  it('republishing it at the same address needs the confirmation that its text no longer refers to the person', async () => {
    await press.goto(editorUrl(`#/pressemitteilungen/${releaseId}`));
    await press.getByRole('region', { name: 'Offline: Einwilligung gilt nicht mehr' }).waitFor();
    await nextSteps(press).getByRole('button', { name: 'Veröffentlichen', exact: true }).click();
    const dialog = press.getByRole('dialog', { name: 'Überarbeitete Fassung veröffentlichen?' });
    await dialog.getByRole('button', { name: 'Bestätigen und veröffentlichen' }).click();
    await dialog.getByText('Bitte bestätigen, dass der Text sich nicht mehr auf die Person bezieht.', { exact: false }).waitFor();
    expect((await api('presse', 'GET', `/releases/${releaseId}`)).body.status).toBe('unpublished');

    await dialog.getByLabel(/Ich habe den Text geprüft/).check();
    await dialog.getByRole('button', { name: 'Bestätigen und veröffentlichen' }).click();
    await statusSays(press, 'Die Pressemitteilung ist veröffentlicht.');
    const { body: release } = await api('presse', 'GET', `/releases/${releaseId}`);
    expect(release.consentHolds).toBeUndefined();
    const notices = (await api('presse', 'GET', '/notices')).body.items as { releaseId?: string; storyId?: string }[];
    expect(notices.filter((n) => n.releaseId === releaseId || n.storyId === storyId)).toEqual([]);
    const url = `${harness.system.urls.site}/pressemitteilungen/${release.slug}/`;
    await expect.poll(async () => (await fetch(url)).status, { timeout: 30_000, interval: 500 }).toBe(200);
  });

  it('no page broke the Content-Security-Policy or threw a script error', () => {
    expect(harness.problems).toEqual([]);
  });
});
