import { AGE_GROUPS, DETAILS, label, NAMINGS, PHOTOS } from '@newsroom/domain/consent.ts';
import type { Story } from '@newsroom/domain/story.ts';
import { textInWork } from '@newsroom/domain/story.ts';
import { ApiError, SignedOut, type StoryDraftInput } from '../api.ts';
import type { Context } from '../context.ts';
import { formatDateTime, h, nextId } from '../dom.ts';
import '../../styles/editorial.css';

/** Pause after the last keystroke before a draft saves itself. */
export const AUTOSAVE_DELAY_MS = 3000;
/** After a lost connection, the next attempt. */
const RETRY_MS = 10_000;

/** The form the saver works for: its content, its baseline and how to replace it. */
export interface DraftForm {
  storyId: string;
  form: HTMLFormElement;
  /** Autosave runs only while this holds (a draft or a returned story: nothing public changes). */
  autosave: boolean;
  collect(): StoryDraftInput;
  isDirty(): boolean;
  version(): number;
  /** A save went through (automatically or by choice): the form's new baseline; without `input`, what the form shows now. */
  saved(result: Story, input?: StoryDraftInput): void;
  /** Replaces the form's content with the stored story. */
  fill(current: Story): void;
  /** The content the form started from (its last save): tells a real conflict from a change elsewhere. */
  baseline(): StoryDraftInput;
  /** Where focus goes after the person took the stored version. */
  firstField: HTMLElement;
}

const clock = new Intl.DateTimeFormat('de-DE', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' });
const at = (d: Date) => `${clock.format(d)} Uhr`;

/** The fields a person compares in a conflict, in the form's order, as text. */
function comparable(ctx: Context, s: Partial<StoryDraftInput>): { label: string; value: string; long?: boolean }[] {
  const list = (v: readonly string[] | undefined, label: (id: string) => string) => (v?.length ? v.map(label).join(', ') : '—');
  return [
    { label: 'Titel', value: s.title ?? '—' },
    { label: 'Anreißer', value: s.teaser ?? '—', long: true },
    { label: 'Stadt oder Gemeinde', value: s.municipality ?? '—' },
    { label: 'Themen', value: list(s.topics, ctx.labels.topic) },
    { label: 'Text', value: s.body ?? '—', long: true },
    { label: 'Kanäle', value: list(s.channels, (c) => (({ website: 'Website', press: 'Pressemitteilung / Feed' }) as Record<string, string>)[c] ?? c) },
    { label: 'Ort auf der Website nennen', value: s.showMunicipality === false ? 'nein' : 'ja' },
    {
      label: 'Personen',
      value: s.persons?.length
        ? s.persons
            .map(
              (p) =>
                `Person ${p.id}: ${p.role || 'ohne Rolle'} (${[
                  label(AGE_GROUPS, p.ageGroup),
                  `${label(NAMINGS, p.shows.naming)} genannt`,
                  ...(p.publicName ? [`Name auf der Website „${p.publicName}“`] : []),
                  label(PHOTOS, p.shows.photos),
                  ...p.shows.details.map((d) => label(DETAILS, d)),
                ].join(', ')})`,
            )
            .join('; ')
        : '—',
    },
  ];
}

const sameContent = (ctx: Context, a: Partial<StoryDraftInput>, b: Partial<StoryDraftInput>) =>
  JSON.stringify(comparable(ctx, a)) === JSON.stringify(comparable(ctx, b));

/**
 * Saves a draft on its own a few seconds after the last change, and handles every version
 * conflict (automatic or from „Speichern“) the same way: nothing is overwritten silently.
 * The person sees both versions side by side and chooses: save theirs over the stored one,
 * or load the stored one (their own input stays on screen to copy from). Either way the
 * other version remains in the story's history.
 */
export function draftSaver(ctx: Context, f: DraftForm) {
  const statusLine = h('p', { class: 'autosave-status', 'aria-live': 'polite' });
  const conflictSlot = h('div', {});
  let timer: number | undefined;
  let inFlight: Promise<void> | undefined;
  let conflicted = false;
  let stopped = !f.autosave;

  const say = (text: string, problem = false) => {
    statusLine.textContent = text;
    statusLine.classList.toggle('problem', problem);
  };
  if (f.autosave) say('Änderungen werden automatisch gespeichert, drei Sekunden nach der letzten Eingabe.');

  const schedule = (ms = AUTOSAVE_DELAY_MS) => {
    window.clearTimeout(timer);
    if (stopped || conflicted) return;
    timer = window.setTimeout(() => void run(), ms);
  };

  async function run(): Promise<void> {
    if (stopped || conflicted) return;
    if (!ctx.isCurrent()) return stop();
    if (inFlight) {
      await inFlight;
      return schedule();
    }
    if (!f.isDirty()) return;
    const input = f.collect();
    inFlight = (async () => {
      try {
        const result = await ctx.api.updateStory(f.storyId, f.version(), input, { autosave: true });
        if (!ctx.isCurrent()) return;
        f.saved(result, input);
        say(`Automatisch gespeichert um ${at(new Date())}.`);
      } catch (err) {
        if (err instanceof SignedOut || !ctx.isCurrent()) return stop();
        if (!(err instanceof ApiError)) {
          console.error(err);
          return say('Automatisches Speichern ist fehlgeschlagen. Bitte mit „Speichern“ sichern.', true);
        }
        if (err.status === 409) return void (await conflict(err.current, input, false));
        if (err.status === 0) {
          say('Keine Verbindung: Ihre Änderungen sind noch nicht gespeichert. Ein neuer Versuch folgt gleich.', true);
          return schedule(RETRY_MS);
        }
        if (err.status === 403) {
          stop();
          return say(`Automatisches Speichern beendet: ${err.message}`, true);
        }
        // A draft may be incomplete, but what is sent must be well-formed (e.g. a title of 5 characters).
        const first = err.problems[0]?.message ?? err.message;
        say(`Noch nicht automatisch gespeichert: ${first} Gespeichert wird, sobald die Angabe passt.`, true);
      }
    })();
    try {
      await inFlight;
    } finally {
      inFlight = undefined;
    }
    if (f.isDirty()) schedule();
  }

  function stop() {
    stopped = true;
    window.clearTimeout(timer);
  }

  const onChange = () => schedule();
  f.form.addEventListener('input', onChange);
  f.form.addEventListener('change', onChange);

  /** The side-by-side comparison and the two ways out. `focus`: a person pressed „Speichern“ and expects an answer there. */
  async function conflict(current: Story | undefined, mine: StoryDraftInput, focus: boolean) {
    conflicted = true;
    window.clearTimeout(timer);
    const loaded = current ?? (await ctx.api.getStory(f.storyId));
    if (!ctx.isCurrent()) return;
    // The text the form edits: a published story's revision, else the story itself.
    const stored = textInWork(loaded);
    const editor = stored.audit.at(-1);
    // Someone recorded a consent or a read-back, but the text is as the form found it: nothing of theirs is overwritten.
    if (!focus && sameContent(ctx, stored, f.baseline())) {
      conflicted = false;
      try {
        const result = await ctx.api.updateStory(f.storyId, stored.version, mine, { autosave: true });
        if (!ctx.isCurrent()) return;
        f.saved(result, mine);
        return say(
          `Automatisch gespeichert um ${at(new Date())}. ${editor?.byName ?? 'Jemand'} hatte inzwischen etwas anderes an der Geschichte geändert („${(editor && ctx.labels.auditAction(editor.action)) ?? 'Änderung'}“), nicht den Inhalt.`,
        );
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 409)) {
          if (!(err instanceof SignedOut)) say(`Nicht gespeichert: ${err instanceof ApiError ? err.message : 'Unerwarteter Fehler.'}`, true);
          return;
        }
        conflicted = true;
        return conflict(err.current, mine, false);
      }
    }
    const headingId = nextId('conflict');
    const theirs = comparable(ctx, stored);
    const own = comparable(ctx, mine);
    const differing = own.map((o, i) => ({ label: o.label, long: o.long, mine: o.value, theirs: theirs[i]!.value })).filter((r) => r.mine !== r.theirs);
    const same = own.filter((o, i) => o.value === theirs[i]!.value).map((o) => o.label);

    const saveMine = h('button', { type: 'button' }, 'Meine Fassung speichern');
    const loadTheirs = h('button', { type: 'button', class: 'secondary' }, 'Aktuelle Fassung laden');
    const alert = h(
      'div',
      { class: 'conflict-alert', role: 'alert' },
      h('h2', { id: headingId, tabindex: '-1' }, 'Die Geschichte wurde inzwischen geändert'),
      h(
        'p',
        {},
        `${editor?.byName ?? 'Jemand anderes'} hat die Geschichte ${editor ? `am ${formatDateTime(editor.at)} ` : ''}geändert, während Sie sie bearbeitet haben. ` +
          'Ihre Eingaben sind nicht verloren, aber noch nicht gespeichert. Bitte vergleichen Sie und entscheiden Sie, welche Fassung gilt.',
      ),
      h('div', { class: 'button-row' }, saveMine, loadTheirs),
      h(
        'p',
        { class: 'hint' },
        '„Meine Fassung speichern“ ersetzt die gespeicherte Fassung durch Ihre; „Aktuelle Fassung laden“ übernimmt die gespeicherte ins Formular, Ihre Eingaben bleiben zum Kopieren sichtbar. Die jeweils andere Fassung bleibt unter „Fassungen“ erhalten.',
      ),
    );
    const table = h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'conflict-table' },
        h('caption', {}, differing.length ? 'Was sich unterscheidet' : 'Die Inhalte sind gleich; nur die Versionsnummer ist neuer.'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Feld'),
            h('th', { scope: 'col' }, 'Ihre Fassung (nicht gespeichert)'),
            h('th', { scope: 'col' }, `Gespeicherte Fassung${editor ? ` von ${editor.byName}` : ''}`),
          ),
        ),
        h(
          'tbody',
          {},
          differing.map((r) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, r.label),
              h('td', { class: r.long ? 'long' : '' }, r.mine),
              h('td', { class: r.long ? 'long' : '' }, r.theirs),
            ),
          ),
        ),
      ),
    );
    const panel = h(
      'section',
      { class: 'conflict', 'aria-labelledby': headingId },
      alert,
      table,
      same.length > 0 && h('p', { class: 'hint' }, `Gleich in beiden Fassungen: ${same.join(', ')}.`),
    );
    conflictSlot.replaceChildren(panel);
    say('Nicht gespeichert: Die Geschichte wurde inzwischen geändert. Bitte oben im Formular entscheiden.', true);
    if (focus) document.getElementById(headingId)?.focus();

    saveMine.addEventListener('click', async () => {
      saveMine.disabled = true;
      loadTheirs.disabled = true;
      // What is in the form now, which may be more than when the conflict was found.
      const input = f.collect();
      try {
        const result = await ctx.api.updateStory(f.storyId, stored.version, input);
        if (!ctx.isCurrent()) return;
        f.saved(result, input);
        conflictSlot.replaceChildren();
        conflicted = false;
        say(`Ihre Fassung ist gespeichert (${at(new Date())}). Die Fassung von ${editor?.byName ?? 'der anderen Person'} bleibt unter „Fassungen“ erhalten.`);
        ctx.announce('Ihre Fassung ist gespeichert.');
        f.firstField.focus();
      } catch (err) {
        if (err instanceof SignedOut || !ctx.isCurrent()) return;
        if (err instanceof ApiError && err.status === 409) return void (await conflict(err.current, input, true));
        saveMine.disabled = false;
        loadTheirs.disabled = false;
        say(`Nicht gespeichert: ${err instanceof ApiError ? err.message : 'Unerwarteter Fehler.'}`, true);
      }
    });

    loadTheirs.addEventListener('click', () => {
      const discarded = f.collect();
      f.fill(stored);
      f.saved(stored);
      conflicted = false;
      conflictSlot.replaceChildren(
        h(
          'div',
          { class: 'notice' },
          h('h2', {}, 'Aktuelle Fassung geladen'),
          h('p', {}, `Das Formular zeigt jetzt die Fassung von ${editor?.byName ?? 'jemand anderem'}. Ihre eigenen Eingaben stehen hier zum Übernehmen:`),
          h(
            'details',
            { open: true },
            h('summary', {}, 'Ihre nicht gespeicherten Eingaben'),
            h(
              'dl',
              { class: 'mine' },
              h('dt', {}, 'Titel'),
              h('dd', {}, discarded.title),
              h('dt', {}, 'Anreißer'),
              h('dd', {}, discarded.teaser ?? '—'),
              h('dt', {}, 'Text'),
              h('dd', {}, h('pre', {}, discarded.body ?? '—')),
            ),
          ),
        ),
      );
      say(f.autosave ? 'Aktuelle Fassung geladen. Weitere Änderungen werden wieder automatisch gespeichert.' : 'Aktuelle Fassung geladen.');
      ctx.announce('Die aktuelle Fassung ist geladen. Ihre eigenen Eingaben stehen über dem Formular.');
      f.firstField.focus();
    });
  }

  return {
    /** The status line for the form's action bar: the last automatic save, or why it did not happen. */
    statusLine,
    /** Where a conflict shows itself: at the top of the form. */
    conflictSlot,
    /** Before a manual save: no timer left, and no automatic save still on its way. */
    async settle(): Promise<void> {
      window.clearTimeout(timer);
      if (inFlight) await inFlight.catch(() => undefined);
    },
    /** While a conflict waits for the person's choice, „Speichern“ leads there instead of saving. */
    pendingConflict(): boolean {
      if (!conflicted) return false;
      conflictSlot.querySelector<HTMLElement>('h2')?.focus();
      return true;
    },
    conflict: (current: Story | undefined, mine: StoryDraftInput) => conflict(current, mine, true),
    stop,
  };
}
export type DraftSaver = ReturnType<typeof draftSaver>;
