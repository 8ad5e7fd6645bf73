import type { FocalPoint } from '@newsroom/domain/photos.ts';
import { h, nextId } from '../dom.ts';

const percent = (v: number) => `${Math.round(v * 100)} %`;

/**
 * The focal point: the spot crops keep in view (a face, the object). Set by clicking on
 * the picture, or with the two sliders (arrow keys), which also say where it is in words.
 * Two crop previews show what the site's cards (3:2) and link previews (1200 × 630) keep.
 * Positions are set through the CSSOM, which the editor's policy (no inline style) allows.
 */
export function focalPointField(src: string, initial: FocalPoint, onChange: () => void) {
  let point = { ...initial };
  const marker = h('span', { class: 'focal-marker', 'aria-hidden': 'true' });
  const picture = h('img', { src, alt: '', class: 'focal-image' });
  const hintId = nextId('focal-hint');
  const frame = h('div', { class: 'focal-frame' }, picture, marker);
  const slider = () => h('input', { type: 'range', min: '0', max: '100', step: '1', 'aria-describedby': hintId });
  const x = slider();
  const y = slider();
  const cropCard = h('img', { src, alt: '', class: 'crop-preview crop-card' });
  const cropShare = h('img', { src, alt: '', class: 'crop-preview crop-share' });

  const draw = () => {
    marker.style.left = `${point.x * 100}%`;
    marker.style.top = `${point.y * 100}%`;
    const position = `${point.x * 100}% ${point.y * 100}%`;
    cropCard.style.objectPosition = position;
    cropShare.style.objectPosition = position;
    x.value = String(Math.round(point.x * 100));
    y.value = String(Math.round(point.y * 100));
    x.setAttribute('aria-valuetext', percent(point.x));
    y.setAttribute('aria-valuetext', percent(point.y));
  };
  const set = (next: FocalPoint) => {
    point = { x: Math.min(1, Math.max(0, next.x)), y: Math.min(1, Math.max(0, next.y)) };
    draw();
    onChange();
  };
  frame.addEventListener('click', (e) => {
    const box = picture.getBoundingClientRect();
    set({ x: (e.clientX - box.left) / box.width, y: (e.clientY - box.top) / box.height });
  });
  x.addEventListener('input', () => set({ x: Number(x.value) / 100, y: point.y }));
  y.addEventListener('input', () => set({ x: point.x, y: Number(y.value) / 100 }));
  draw();

  const el = h(
    'fieldset',
    { class: 'field focal' },
    h('legend', {}, 'Bildmittelpunkt'),
    h(
      'p',
      { id: hintId, class: 'hint' },
      'Klicken Sie auf die wichtigste Stelle des Fotos (ein Gesicht, den Gegenstand) oder stellen Sie sie mit den Reglern ein. Zugeschnittene Fassungen behalten diese Stelle im Bild.',
    ),
    h(
      'div',
      { class: 'focal-layout' },
      frame,
      h(
        'div',
        { class: 'crop-previews' },
        h('figure', {}, cropCard, h('figcaption', {}, 'Karte auf der Website (3 : 2)')),
        h('figure', {}, cropShare, h('figcaption', {}, 'Vorschau beim Teilen (1200 × 630)')),
      ),
    ),
    h(
      'div',
      { class: 'focal-sliders' },
      h('label', {}, h('span', {}, 'Waagrecht (von links nach rechts)'), x),
      h('label', {}, h('span', {}, 'Senkrecht (von oben nach unten)'), y),
    ),
  );
  return { el, value: () => ({ x: Math.round(point.x * 1000) / 1000, y: Math.round(point.y * 1000) / 1000 }) };
}
