import { germanDateTime } from '@newsroom/domain/berlin-time.ts';
import { ApiError, type StoryView } from '../api.ts';
import type { Context } from '../context.ts';
import { h, nextId } from '../dom.ts';
import { whenField } from '../releases/schedule.ts';
import { confirmDialog } from './confirm-dialog.ts';
import { errorSummary, showSummary } from './errors.ts';
import { assignProblems } from './fields.ts';

/**
 * „Veröffentlichung planen“: the press office sets the moment a story it approved goes public,
 * in Berlin time, like a release's Sperrfrist. At that moment the scheduler checks everything
 * again; a consent that no longer holds stops it. Loaded only for this screen and role.
 */
export function scheduleSection(ctx: Context, story: StoryView): HTMLElement {
  const headingId = nextId('schedule');
  const summarySlot = h('div', {});
  const when = whenField({
    legend: 'Zeitpunkt der Veröffentlichung',
    clearLabel: 'Zeitpunkt leeren',
    announce: (m) => ctx.announce(m),
    hint: 'Datum und Uhrzeit in deutscher Zeit. Die Geschichte erscheint dann automatisch auf der Website und im Feed.',
  });
  when.set(story.publishAt);
  const save = h('button', { type: 'submit' }, story.publishAt ? 'Neuen Zeitpunkt planen' : 'Veröffentlichung planen');
  const cancelPlan = story.publishAt ? h('button', { type: 'button', class: 'secondary' }, 'Planung aufheben') : undefined;

  async function send(trigger: HTMLButtonElement, local: string | undefined): Promise<void> {
    trigger.disabled = true;
    try {
      await ctx.api.scheduleStory(story.id, story.version, local);
      if (!ctx.isCurrent()) return;
      ctx.announce(local ? 'Die Veröffentlichung ist geplant.' : 'Die Planung ist aufgehoben.', { next: true });
      ctx.go({ name: 'story', id: story.id }, { replace: true });
    } catch (err) {
      if (!ctx.isCurrent()) return;
      trigger.disabled = false;
      assignProblems((err as { problems?: { field?: string; message: string }[] }).problems ?? [], (path) => (path === 'publishAt' ? when.field : undefined), [
        when.field,
      ]);
      const reload =
        err instanceof ApiError && err.status === 409
          ? [
              h(
                'p',
                {},
                h(
                  'button',
                  { type: 'button', class: 'secondary', onclick: () => ctx.go({ name: 'story', id: story.id }, { replace: true }) },
                  'Aktuelle Fassung laden',
                ),
              ),
            ]
          : [];
      showSummary(
        summarySlot,
        errorSummary(err, (path) => (path === 'publishAt' ? when.field.focusTarget : undefined), ...reload),
      );
    }
  }

  const form = h('form', { class: 'story-form', novalidate: true }, summarySlot, when.el, h('div', { class: 'form-actions' }, save, cancelPlan));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (save.disabled) return;
    const { local, problem } = when.value();
    if (!local) {
      when.field.setError([problem ?? 'Bitte Datum und Uhrzeit angeben.']);
      return when.field.focusTarget.focus();
    }
    when.field.setError([]);
    const answer = await confirmDialog({
      title: 'Veröffentlichung planen?',
      text: `Die Geschichte erscheint am ${local.slice(8, 10)}.${local.slice(5, 7)}.${local.slice(0, 4)} um ${local.slice(11)} Uhr (deutsche Zeit) automatisch auf der Website und im Feed, wenn die Einwilligungen dann noch gelten. Was einmal öffentlich war, lässt sich nicht zurückholen.`,
      confirm: 'Ja, planen',
    });
    if (!answer) return save.focus();
    await send(save, local);
  });
  cancelPlan?.addEventListener('click', () => void send(cancelPlan, undefined));

  return h(
    'section',
    { 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Veröffentlichung planen'),
    story.publishAt
      ? h(
          'p',
          { class: 'notice' },
          `Geplant für ${germanDateTime(new Date(story.publishAt))} (deutsche Zeit). Zu diesem Zeitpunkt wird alles noch einmal geprüft.`,
        )
      : h('p', { class: 'hint' }, 'Statt sofort zu veröffentlichen, können Sie einen Zeitpunkt festlegen.'),
    form,
  );
}
