import type { SendList, SendOptions, SendView } from '@newsroom/domain/api/release-sends.ts';
import { germanDateTime } from '@newsroom/domain/berlin-time.ts';
import { ApiError, SignedOut } from '../api.ts';
import type { Context } from '../context.ts';
import { h, nextId, time } from '../dom.ts';
import { confirmDialog } from '../views/confirm-dialog.ts';
import type { ReleaseView } from './api.ts';
import { SEND_PROGRESS_POLL_MS } from './send-progress.ts';

const KIND_LABELS: Record<SendView['kind'], string> = { release: 'Versand', correction: 'Korrektur', test: 'Test an Sie selbst' };

/**
 * „An Presseverteiler senden“ (press office): choose lists and see how many confirmed
 * recipients they have, send a test to yourself, then send after a dialog that names the
 * consequence; each send with when, to which lists and how far it is (gesendet,
 * fehlgeschlagen with the reason, ausstehend), updated while it runs; a correction goes
 * to the same recipients. Loaded only on the release's page.
 */
export function releaseSendSection(ctx: Context, r: ReleaseView): HTMLElement {
  const base = `/releases/${encodeURIComponent(r.id)}`;
  const headingId = nextId('send');
  const embargo = r.status === 'scheduled' && r.embargoAt && new Date(r.embargoAt) > new Date() ? germanDateTime(new Date(r.embargoAt)) : undefined;
  const listsBox = h(
    'fieldset',
    { class: 'send-lists', 'aria-busy': 'true' },
    h('legend', {}, 'Verteiler'),
    h('p', { class: 'hint' }, 'Die Verteiler werden geladen …'),
  );
  const count = h('p', { class: 'send-count', 'aria-live': 'polite' });
  const message = h('div', { 'aria-live': 'polite' });
  const testButton = h('button', { type: 'button', class: 'secondary' }, 'Test an mich senden');
  const sendButton = h('button', { type: 'button' }, 'An die gewählten Verteiler senden');
  const correctionButton = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Korrektur an dieselben Empfänger senden');
  const history = h('div', { class: 'send-history' });
  let options: SendOptions = { lists: [], recipients: 0 };
  let sends: SendView[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const problem = (err: unknown, what: string) =>
    message.replaceChildren(
      h('p', { class: 'field-error', role: 'alert' }, `${what} `, err instanceof ApiError ? err.message : 'Bitte versuchen Sie es noch einmal.'),
    );
  const chosen = () => [...listsBox.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')].map((c) => c.value);

  const showCount = async () => {
    const lists = chosen();
    if (!lists.length) return count.replaceChildren('Bitte mindestens einen Verteiler wählen.');
    try {
      options = await ctx.api.request<SendOptions>('GET', `${base}/send-options?lists=${encodeURIComponent(lists.join(','))}`);
      if (ctx.isCurrent())
        count.replaceChildren(
          h('strong', {}, `${options.recipients.toLocaleString('de-DE')} Empfängerinnen und Empfänger`),
          ' (bestätigt, nicht abgemeldet; jede Adresse einmal)',
        );
    } catch (err) {
      if (!(err instanceof SignedOut)) problem(err, 'Die Zahl der Empfänger konnte nicht ermittelt werden.');
    }
  };

  const renderHistory = () => {
    correctionButton.hidden = !sends.some((s) => s.kind !== 'test');
    if (!sends.length) return history.replaceChildren(h('p', { class: 'empty' }, 'Noch nicht verschickt.'));
    history.replaceChildren(
      h(
        'ul',
        { class: 'sends' },
        [...sends].reverse().map((s) =>
          h(
            'li',
            { class: 'send', 'data-send': s.sendId },
            h(
              'p',
              {},
              h('strong', {}, KIND_LABELS[s.kind]),
              ' am ',
              time(s.at),
              ` von ${s.byName}`,
              s.listNames.length ? ` an: ${s.listNames.join(', ')}` : '',
            ),
            h(
              'p',
              { class: 'send-progress' },
              `${s.sent.toLocaleString('de-DE')} gesendet · ${s.failed.toLocaleString('de-DE')} fehlgeschlagen · ${s.pending.toLocaleString('de-DE')} ausstehend (von ${s.recipients.toLocaleString('de-DE')})`,
            ),
            s.embargoAt
              ? h('p', { class: 'hint' }, `Mit Sperrfrist ${germanDateTime(new Date(s.embargoAt))} und dem vertraulichen Link verschickt.`)
              : undefined,
            s.failures.length
              ? h(
                  'details',
                  {},
                  h('summary', {}, 'Warum nicht gesendet'),
                  h(
                    'ul',
                    {},
                    s.failures.map((f) => h('li', {}, `${f.to}: ${f.reason}`)),
                  ),
                )
              : undefined,
          ),
        ),
      ),
    );
  };

  const load = async () => {
    clearTimeout(timer);
    try {
      sends = (await ctx.api.request<SendList>('GET', `${base}/sends`)).items;
      if (!ctx.isCurrent()) return;
      renderHistory();
      if (sends.some((s) => s.pending > 0)) timer = setTimeout(load, SEND_PROGRESS_POLL_MS);
    } catch (err) {
      if (!(err instanceof SignedOut) && ctx.isCurrent()) problem(err, 'Der Stand des Versands konnte nicht geladen werden.');
    }
  };

  const started = (s: SendView, what: string) => {
    sends = [...sends, s];
    renderHistory();
    ctx.announce(what);
    timer = setTimeout(load, SEND_PROGRESS_POLL_MS);
  };

  testButton.addEventListener('click', async () => {
    testButton.disabled = true;
    message.replaceChildren();
    try {
      started(await ctx.api.request<SendView>('POST', `${base}/sends/test`, {}), 'Der Test ist unterwegs an Ihre eigene Adresse.');
    } catch (err) {
      if (!(err instanceof SignedOut)) problem(err, 'Der Test wurde nicht verschickt.');
    } finally {
      testButton.disabled = false;
    }
  });

  sendButton.addEventListener('click', async () => {
    message.replaceChildren();
    const lists = chosen();
    if (!lists.length) return message.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, 'Bitte mindestens einen Verteiler wählen.'));
    await showCount();
    const names = options.lists.filter((l) => lists.includes(l.id)).map((l) => l.name);
    const ok = await confirmDialog({
      title: 'Pressemitteilung jetzt verschicken?',
      text: `Die Pressemitteilung geht an ${options.recipients.toLocaleString('de-DE')} Empfängerinnen und Empfänger (${names.join(', ')}). ${
        embargo
          ? `Die Mail nennt die Sperrfrist ${embargo} in Betreff und erster Zeile und verlinkt eine vertrauliche Fassung, nicht die öffentliche Seite.`
          : 'Die Mail verlinkt die öffentliche Seite.'
      } Eine verschickte Mail lässt sich nicht zurückholen; Fehler lassen sich nur mit einer Korrektur an dieselben Empfänger berichtigen.`,
      confirm: `An ${options.recipients.toLocaleString('de-DE')} Empfänger senden`,
    });
    if (!ok) return;
    sendButton.disabled = true;
    try {
      started(
        await ctx.api.request<SendView>('POST', `${base}/sends`, { kind: 'release', lists }),
        'Der Versand hat begonnen. Der Stand wird laufend aktualisiert.',
      );
    } catch (err) {
      if (!(err instanceof SignedOut)) problem(err, 'Die Pressemitteilung wurde nicht verschickt.');
    } finally {
      sendButton.disabled = false;
    }
  });

  correctionButton.addEventListener('click', async () => {
    message.replaceChildren();
    const answer = await confirmDialog({
      title: 'Korrektur verschicken?',
      text: 'Die aktuelle Fassung geht als „KORREKTUR“ an alle, die diese Pressemitteilung bisher per E-Mail bekommen haben (außer abgemeldeten Adressen).',
      confirm: 'Korrektur senden',
      comment: {
        label: 'Was wurde berichtigt? (Pflichtfeld)',
        hint: 'Steht am Anfang der Mail, mindestens 10 Zeichen.',
        missing: 'Bitte kurz angeben, was berichtigt wurde.',
      },
    });
    if (!answer) return;
    correctionButton.disabled = true;
    try {
      started(
        await ctx.api.request<SendView>('POST', `${base}/sends`, { kind: 'correction', note: answer.comment }),
        'Die Korrektur ist unterwegs an dieselben Empfänger.',
      );
    } catch (err) {
      if (!(err instanceof SignedOut)) problem(err, 'Die Korrektur wurde nicht verschickt.');
    } finally {
      correctionButton.disabled = false;
    }
  });

  void (async () => {
    try {
      options = await ctx.api.request<SendOptions>('GET', `${base}/send-options`);
      if (!ctx.isCurrent()) return;
      listsBox.removeAttribute('aria-busy');
      listsBox.replaceChildren(
        h('legend', {}, 'Verteiler'),
        ...(options.lists.length
          ? options.lists.map((l) => {
              const id = nextId('list');
              const box = h('input', { type: 'checkbox', id, value: l.id });
              box.addEventListener('change', showCount);
              return h('div', { class: 'checkbox' }, box, h('label', { for: id }, `${l.name} (${l.recipients.toLocaleString('de-DE')})`));
            })
          : [h('p', { class: 'empty' }, 'Es gibt noch keine Verteiler mit bestätigten Empfängern.')]),
      );
      void showCount();
    } catch (err) {
      if (!(err instanceof SignedOut)) problem(err, 'Die Verteiler konnten nicht geladen werden.');
    }
  })();
  void load();

  return h(
    'section',
    { class: 'send-section', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'An Presseverteiler senden'),
    h(
      'p',
      { class: 'hint' },
      embargo
        ? `Vor der Sperrfrist (${embargo}) steht sie in Betreff und erster Zeile; die Mail verlinkt eine vertrauliche, nicht auffindbare Fassung statt der öffentlichen Seite.`
        : 'Die Mail enthält die Pressemitteilung, Fotos als Download mit Quelle, den Pressekontakt und den Standardtext und verlinkt die öffentliche Seite.',
    ),
    listsBox,
    count,
    h('div', { class: 'button-row' }, testButton, sendButton, correctionButton),
    message,
    h('h3', {}, 'Bisherige Versände'),
    history,
  );
}
