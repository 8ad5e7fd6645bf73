import type { Context } from '../context.ts';
import { h } from '../dom.ts';
import type { ReleaseView } from './api.ts';

/** „An Presseverteiler senden“ (send.ts), loaded with the release's page rather than with the editor's first page. */
export function releaseSendSlot(ctx: Context, r: ReleaseView): HTMLElement {
  const slot = h('div', {});
  void import('./send.ts').then((m) => {
    if (ctx.isCurrent()) slot.replaceWith(m.releaseSendSection(ctx, r));
  });
  return slot;
}
