import { demoUsers } from '@newsroom/content/seed/users.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, type EditorHarness, recordCoveringConsent, startEditorHarness, statusSays, takeAction, today } from './editor-browser.ts';

/**
 * What happens around the happy path: the sign-in session, refusals of the workflow
 * and two people editing the same draft.
 */

let harness: EditorHarness;

beforeAll(async () => {
  harness = await startEditorHarness();
});

afterAll(async () => {
  await harness?.close();
});

const storyIdOf = (url: string) => /#\/geschichten\/([a-z0-9]+)/.exec(url)?.[1] ?? '';

describe('signing in and out', () => {
  it('the sign-in page lists the demo people grouped by organisation', async () => {
    const page = await harness.openEditor('visitor');
    await page.getByRole('heading', { level: 1, name: 'Anmelden (lokale Entwicklung)' }).waitFor();
    const caritas = page.getByRole('region', { name: 'Caritas Ludwigsburg-Waiblingen-Enz' });
    // Other files on the shared system may invite more people: every Caritas demo person is there, each once.
    await caritas.getByRole('button').first().waitFor();
    const buttons = await caritas.getByRole('button').allInnerTexts();
    for (const person of demoUsers().filter((u) => u.partner === 'caritas')) expect(buttons.filter((b) => b.includes(person.name))).toHaveLength(1);
    await page
      .getByRole('region', { name: 'Landratsamt Ludwigsburg' })
      .getByRole('button', { name: /Pressestelle/ })
      .first()
      .waitFor();
  });

  it('after signing out, the editor is back at the sign-in page and holds no token', async () => {
    const page = await harness.signIn('awo-manager');
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmelden (lokale Entwicklung)' }).waitFor();
    await statusSays(page, 'Sie haben sich abgemeldet.');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.goto(`${harness.system.urls.editor}/#/neu`);
    await page.getByRole('heading', { level: 1, name: 'Anmelden (lokale Entwicklung)' }).waitFor();
  });

  it('a token the API refuses (401) leads to the sign-in page, and signing in returns to the same story', async () => {
    const page = await harness.signIn('kdv-manager');
    await page.getByRole('link', { name: 'Neue Geschichte', exact: true }).click();
    await page.getByLabel('Titel').fill('Ein Nachmittag im Sprachcafé');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ein Nachmittag im Sprachcafé' }).waitFor();
    const storyUrl = page.url();

    // The session still looks valid to the browser, but the API no longer accepts the token.
    await page.evaluate(() => {
      const session = JSON.parse(sessionStorage.getItem('redaktion.session')!) as { idToken: string };
      sessionStorage.setItem('redaktion.session', JSON.stringify({ ...session, idToken: `${session.idToken.slice(0, -4)}AAAA` }));
    });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Anmelden (lokale Entwicklung)' }).waitFor();
    await statusSays(page, 'Ihre Anmeldung ist abgelaufen oder ungültig.');

    await page.getByRole('button', { name: harness.displayName('kdv-manager') }).click();
    await page.getByRole('heading', { level: 1, name: 'Ein Nachmittag im Sprachcafé' }).waitFor();
    expect(page.url()).toBe(storyUrl);
  });
});

describe('the workflow refuses with reasons', () => {
  it('submitting an incomplete draft lists what is missing', async () => {
    const page = await harness.signIn('awo-manager');
    await page.getByRole('link', { name: 'Neue Geschichte', exact: true }).click();
    await page.getByLabel('Titel').fill('Nur ein Titel bisher');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nur ein Titel bisher' }).waitFor();

    await takeAction(page, 'Zur Freigabe einreichen');
    const summary = page.getByRole('alert');
    await summary.getByRole('heading', { name: 'Das ist noch nicht möglich' }).waitFor();
    const problems = await summary.getByRole('listitem').allInnerTexts();
    expect(problems).toEqual(expect.arrayContaining(['Bitte einen Anreißer angeben.', 'Bitte den Text der Geschichte angeben.']));
    expect(await page.getByText('Entwurf', { exact: true }).isVisible()).toBe(true);
  });

  it('a partner lead cannot approve a story they submitted themselves (four eyes): no button', async () => {
    const page = await harness.signIn('drk-lead');
    await page.getByRole('link', { name: 'Neue Geschichte', exact: true }).click();
    await page.getByLabel('Titel').fill('Gemeinsam kochen in Tamm');
    await page.getByLabel('Anreißer').fill('Im Familienzentrum Tamm kochen Nachbarinnen aus fünf Ländern einmal im Monat zusammen.');
    await page.getByLabel('Stadt oder Gemeinde').selectOption('Tamm');
    await page.getByRole('checkbox', { name: 'Teilhabe und Ehrenamt' }).check();
    await page
      .getByLabel('Text', { exact: true })
      .fill('Was als Idee einer Integrationsmanagerin begann, ist heute ein fester Termin im Kalender vieler Familien in Tamm.');
    await addPerson(page, 'Gastgeberin');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gemeinsam kochen in Tamm' }).waitFor();
    await recordCoveringConsent(page, 'A');
    await takeAction(page, 'Zur Freigabe einreichen');
    await statusSays(page, 'zur Freigabe eingereicht');

    expect(await page.getByRole('button', { name: 'Freigeben (Träger)' }).count()).toBe(0);
    await page.getByText('Vier-Augen-Prinzip').waitFor();
    await page.getByRole('link', { name: 'Übersicht', exact: true }).click();
    // Other DRK stories may wait in the queue (the system is shared); this one does not, it waits for another lead.
    await page
      .getByRole('region', { name: /^Eingereicht, Freigabe durch andere Partnerleitung/ })
      .getByRole('link', { name: 'Gemeinsam kochen in Tamm' })
      .waitFor();
    expect(
      await page
        .getByRole('region', { name: /Wartet auf Ihre Freigabe/ })
        .getByRole('link', { name: 'Gemeinsam kochen in Tamm' })
        .count(),
    ).toBe(0);
  });
});

describe('consents', () => {
  it("the consent form shows the API's field errors next to the fields", async () => {
    const page = await harness.signIn('kdv-lead');
    await page.getByRole('link', { name: 'Neue Geschichte', exact: true }).click();
    await page.getByLabel('Titel').fill('Ein Garten für alle in Murr');
    await addPerson(page, 'Gärtner');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ein Garten für alle in Murr' }).waitFor();

    await page.getByRole('link', { name: 'Einwilligung von Person A erfassen' }).click();
    await page.getByLabel('Datum der Einwilligung').fill(today());
    await page.getByLabel('Gültig bis').fill('2001-01-01');
    await page.getByRole('button', { name: 'Einwilligung speichern' }).click();

    const summary = page.getByRole('alert');
    await summary.getByRole('link', { name: 'Bitte angeben, wer eingewilligt hat.' }).waitFor();
    await summary.getByRole('link', { name: 'Bitte das Aktenzeichen des unterschriebenen Formulars angeben.' }).waitFor();
    expect(await page.getByLabel('Aktenzeichen des unterschriebenen Formulars').getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('group', { name: 'Wer hat eingewilligt?' }).getByText('Bitte angeben, wer eingewilligt hat.').waitFor();
  });

  it('a recorded withdrawal closes the story at once', async () => {
    const page = await harness.signIn('awo-lead');
    await page.getByRole('link', { name: 'Neue Geschichte', exact: true }).click();
    await page.getByLabel('Titel').fill('Zurück in den Beruf in Sersheim');
    await addPerson(page, 'Pflegehelferin');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('heading', { level: 1, name: 'Zurück in den Beruf in Sersheim' }).waitFor();
    await recordCoveringConsent(page, 'A');

    await page.getByRole('link', { name: 'Widerruf von Person A erfassen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Widerruf erfassen: Person A' }).waitFor();
    await page.getByLabel('Wie ist der Widerruf eingegangen?').selectOption({ label: 'telefonisch' });
    await page.getByRole('button', { name: 'Widerruf speichern' }).click();
    await page.getByRole('dialog', { name: 'Widerruf speichern?' }).getByRole('button', { name: 'Ja, Widerruf speichern' }).click();

    await statusSays(page, 'Der Widerruf von Person A ist gespeichert.');
    await page.getByText('Einwilligung widerrufen', { exact: true }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Zur Freigabe einreichen' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Bearbeiten' }).count()).toBe(0);
  });
});

describe('two people edit the same draft', () => {
  it("the later save is refused with the conflict, and the current version can be loaded without losing one's own text", async () => {
    const first = await harness.signIn('caritas-manager');
    await first.getByRole('link', { name: 'Neue Geschichte', exact: true }).click();
    await first.getByLabel('Titel').fill('Erster Schultag in Ditzingen');
    await first.getByRole('button', { name: 'Speichern' }).click();
    await first.getByRole('heading', { level: 1, name: 'Erster Schultag in Ditzingen' }).waitFor();
    const id = storyIdOf(first.url());

    const second = await harness.signIn('caritas-manager-2');
    await second.goto(`${harness.system.urls.editor}/#/geschichten/${id}/bearbeiten`);
    await second.getByRole('heading', { level: 1, name: 'Geschichte bearbeiten' }).waitFor();

    await first.getByRole('link', { name: 'Bearbeiten' }).click();
    await first.getByLabel('Titel').fill('Erster Schultag in Ditzingen – mit Schultüte');
    await first.getByRole('button', { name: 'Speichern' }).click();
    await statusSays(first, 'Die Geschichte wurde gespeichert.');

    const mine = 'Die Klassenlehrerin hat extra ein paar Worte Dari gelernt.';
    await second.getByLabel('Text', { exact: true }).fill(mine);
    await second.getByRole('button', { name: 'Speichern' }).click();
    const summary = second.getByRole('alert');
    await summary.getByRole('heading', { name: 'Die Geschichte wurde inzwischen geändert' }).waitFor();

    await summary.getByRole('button', { name: 'Aktuelle Fassung laden' }).click();
    await statusSays(second, 'Die aktuelle Fassung ist geladen.');
    expect(await second.getByLabel('Titel').inputValue()).toBe('Erster Schultag in Ditzingen – mit Schultüte');
    await second.getByText(mine).waitFor();

    await second.getByLabel('Text', { exact: true }).fill(mine);
    await second.getByRole('button', { name: 'Speichern' }).click();
    await second.getByRole('heading', { level: 1, name: 'Erster Schultag in Ditzingen – mit Schultüte' }).waitFor();
    await second.getByRole('region', { name: 'Vorschau' }).getByText(mine).waitFor();
  });

  it('no page broke the Content-Security-Policy or threw a script error', () => {
    expect(harness.problems).toEqual([]);
  });
});
