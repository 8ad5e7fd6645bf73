import type { Context } from '../context.ts';
import { h } from '../dom.ts';

/** „Vorschau-Link erstellen“ (preview-links.ts), loaded with the screen rather than with the editor's first page. */
export function previewLinksSlot(ctx: Context, kind: 'story' | 'release', id: string): HTMLElement {
  const slot = h('div', {});
  void import('./preview-links.ts').then((m) => {
    if (ctx.isCurrent()) slot.replaceWith(m.previewLinksSection(ctx, kind, id));
  });
  return slot;
}
