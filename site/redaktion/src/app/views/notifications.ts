import type { NotificationSettings } from '@newsroom/domain/api/users.ts';
import { DELIVERY_LABELS } from '@newsroom/domain/notification-labels.ts';
import { DELIVERIES } from '@newsroom/domain/notifications.ts';
import type * as z from 'zod/mini';
import type { Context } from '../context.ts';
import { h, nextId } from '../dom.ts';
import { errorSummary, showSummary } from './errors.ts';
import '../../styles/editorial.css';

type Settings = z.infer<typeof NotificationSettings>;

/**
 * The signed-in person's e-mail notifications: per kind at once, as a daily summary or
 * off. Takedown notices are shown but cannot be changed: whoever they concern must act.
 */
export async function notificationsPage(ctx: Context): Promise<void> {
  let settings = await ctx.api.request<Settings>('GET', '/me/notifications');
  if (!ctx.isCurrent()) return;
  const summarySlot = h('div', {});
  const rows = settings.items.map((item) => {
    const id = nextId('delivery');
    const choice = h(
      'select',
      { id, name: item.kind, disabled: item.fixed },
      ...DELIVERIES.map((d) => h('option', { value: d, selected: d === item.delivery }, DELIVERY_LABELS[d])),
    );
    return {
      item,
      choice,
      el: h(
        'div',
        { class: 'field' },
        h('label', { for: id }, item.label),
        choice,
        item.fixed && h('p', { class: 'hint' }, 'Kommt immer sofort: Wer davon betroffen ist, muss gleich handeln können.'),
      ),
    };
  });
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const preferences = Object.fromEntries(rows.filter((r) => !r.item.fixed).map((r) => [r.item.kind, r.choice.value]));
        try {
          settings = await ctx.api.request<Settings>('PUT', '/me/notifications', { preferences });
          summarySlot.replaceChildren();
          ctx.announce('Ihre Benachrichtigungen sind gespeichert.');
        } catch (err) {
          showSummary(summarySlot, errorSummary(err));
        }
      },
    },
    summarySlot,
    h(
      'fieldset',
      {},
      h('legend', {}, 'Worüber Sie per E-Mail benachrichtigt werden'),
      h('p', {}, 'Die Mails nennen nur Titel und Status und verlinken hierher; Angaben über Klientinnen und Klienten stehen nie darin.'),
      ...rows.map((r) => r.el),
    ),
    h('button', { type: 'submit' }, 'Einstellungen speichern'),
  );
  ctx.show('Benachrichtigungen', form);
}
