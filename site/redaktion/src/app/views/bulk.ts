import { ApiError, SignedOut, type StoryAction, type StoryView } from '../api.ts';
import type { Context } from '../context.ts';
import { h, nextId } from '../dom.ts';
import { confirmDialog } from './confirm-dialog.ts';

/**
 * Working a queue in bulk: several stories chosen by their checkboxes, one step for all.
 * Each story still goes through the API on its own (consents, read-back, four eyes, the
 * re-identification acknowledgement), so one refusal stops nothing else; the result of each
 * is listed with its reason. Loaded only for the queues that offer it.
 */

const VERBS: Partial<Record<StoryAction, { button: string; done: string; question: (n: number) => string }>> = {
  approve: { button: 'Ausgewählte freigeben', done: 'freigegeben', question: (n) => `${n === 1 ? 'Eine Geschichte' : `${n} Geschichten`} freigeben?` },
  'press-approve': {
    button: 'Ausgewählte freigeben',
    done: 'von der Pressestelle freigegeben',
    question: (n) => `${n === 1 ? 'Eine Geschichte' : `${n} Geschichten`} freigeben?`,
  },
  return: { button: 'Ausgewählte zurückgeben', done: 'zurückgegeben', question: (n) => `${n === 1 ? 'Eine Geschichte' : `${n} Geschichten`} zurückgeben?` },
};

export interface Bulk {
  /** The checkbox for a story's card, or undefined when the person can take none of the queue's steps on it. */
  selector(story: StoryView): HTMLElement | undefined;
  /** The buttons and the result list, shown above the queue's cards. */
  el: HTMLElement;
  /** The queue redrew its cards: forget choices that are no longer shown; nothing to choose and no result, nothing to show. */
  shown(stories: StoryView[]): void;
}

export function bulkControls(ctx: Context, actions: StoryAction[], onDone: (succeeded: Set<string>) => void): Bulk {
  const chosen = new Map<string, StoryView>();
  const resultId = nextId('bulk-result');
  const results = h('div', { class: 'bulk-results', hidden: true });
  const buttons = actions
    .filter((a) => VERBS[a])
    .map((action) => {
      const button = h('button', { type: 'button', class: action === 'return' ? 'secondary' : '' }, VERBS[action]!.button);
      button.addEventListener('click', () => void run(action, button));
      return button;
    });
  const hint = h('p', { class: 'hint' }, 'Wählen Sie Geschichten mit den Kästchen aus. Jede wird einzeln geprüft; das Ergebnis steht danach hier.');
  const el = h('div', { class: 'bulk' }, hint, h('div', { class: 'button-row' }, ...buttons), results);

  async function run(action: StoryAction, trigger: HTMLButtonElement): Promise<void> {
    const stories = [...chosen.values()].filter((s) => s.actions.includes(action));
    const verb = VERBS[action]!;
    if (!stories.length) {
      ctx.announce(chosen.size ? 'Für die ausgewählten Geschichten ist dieser Schritt nicht möglich.' : 'Bitte zuerst Geschichten auswählen.');
      return trigger.focus();
    }
    const answer = await confirmDialog({
      title: verb.question(stories.length),
      text:
        action === 'return'
          ? 'Die Geschichten gehen an den Träger zurück, alle mit demselben Kommentar. Jede wird einzeln zurückgegeben.'
          : 'Jede Geschichte wird einzeln geprüft: Einwilligungen, Rückbestätigung und Vier-Augen-Prinzip. Geschichten mit Hinweisen zur Wiedererkennbarkeit werden nicht freigegeben; öffnen Sie sie einzeln und bestätigen Sie die Hinweise dort.',
      list: stories.map((s) => s.title),
      confirm: action === 'return' ? 'Mit Kommentar zurückgeben' : 'Freigeben',
      ...(action === 'return'
        ? {
            comment: {
              label: 'Kommentar (Pflichtfeld)',
              hint: 'Was soll geändert werden? Die Autorinnen und Autoren sehen diesen Kommentar.',
              missing: 'Bitte einen Kommentar angeben, damit die Autorinnen und Autoren wissen, was zu ändern ist.',
            },
          }
        : {}),
    });
    if (!answer) return trigger.focus();
    for (const b of buttons) b.disabled = true;
    ctx.announce('Wird ausgeführt …');
    const lines: HTMLElement[] = [];
    const succeeded = new Set<string>();
    for (const story of stories) {
      try {
        await ctx.api.transition(story.id, action, story.version, answer.comment ? { comment: answer.comment } : {});
        succeeded.add(story.id);
        lines.push(h('li', { class: 'bulk-ok' }, h('strong', {}, story.title), `: ${verb.done}.`));
      } catch (err) {
        if (err instanceof SignedOut) return;
        const reasons =
          err instanceof ApiError ? [err.message, ...err.problems.map((p) => p.message).filter((m) => m !== err.message)] : ['Unerwarteter Fehler.'];
        lines.push(h('li', { class: 'bulk-failed' }, h('strong', {}, story.title), ': nicht ausgeführt. ', reasons.join(' ')));
      }
    }
    if (!ctx.isCurrent()) return;
    for (const b of buttons) b.disabled = false;
    for (const id of succeeded) chosen.delete(id);
    const summary = `${succeeded.size} von ${stories.length} ${stories.length === 1 ? 'Geschichte' : 'Geschichten'} ${verb.done}.`;
    results.replaceChildren(h('h3', { id: resultId, tabindex: '-1' }, 'Ergebnis: ', summary), h('ul', {}, ...lines));
    results.hidden = false;
    onDone(succeeded);
    ctx.announce(summary);
    results.querySelector<HTMLElement>('h3')!.focus();
  }

  return {
    el,
    selector(story) {
      if (!actions.some((a) => story.actions.includes(a))) return undefined;
      const id = nextId('bulk-select');
      // The visible word is enough beside the card's title; a screen reader's list of checkboxes needs the title too.
      const box = h('input', { type: 'checkbox', id, checked: chosen.has(story.id), 'aria-label': `Auswählen: ${story.title}` });
      box.addEventListener('change', () => {
        if (box.checked) chosen.set(story.id, story);
        else chosen.delete(story.id);
      });
      return h('div', { class: 'checkbox bulk-select' }, box, h('label', { for: id }, 'Auswählen'));
    },
    shown(stories) {
      const ids = new Set(stories.map((s) => s.id));
      for (const id of chosen.keys()) if (!ids.has(id)) chosen.delete(id);
      el.hidden = !stories.some((s) => actions.some((a) => s.actions.includes(a))) && results.hidden;
    },
  };
}
