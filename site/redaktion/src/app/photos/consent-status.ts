import { consentProblems, personLabel } from '@newsroom/domain/consent.ts';
import type { StoryPhoto } from '@newsroom/domain/photos.ts';
import { consentSubject, type Story } from '@newsroom/domain/story.ts';
import { h } from '../dom.ts';

/**
 * A photo's consent status, in words and colour (never colour alone): green when every
 * person shown has a consent that covers the photo on every channel of the story, amber
 * while something is still missing (the description, a consent not yet recorded), red when
 * a recorded consent does not cover it (or was withdrawn). The rule is the API's own
 * (`consentProblems`), run on the story with just this photo.
 */
export type ConsentLevel = 'ok' | 'open' | 'refused';

export interface PhotoConsent {
  level: ConsentLevel;
  text: string;
  problems: string[];
}

type Subject = Pick<Story, 'partner' | 'channels' | 'persons' | 'consents' | 'showMunicipality'>;

/** A photo uploaded but not yet described: saved with no item, shown nowhere. */
export const UNDESCRIBED: PhotoConsent = {
  level: 'open',
  text: 'Beschreibung fehlt',
  problems: ['Das Foto ist noch nicht beschrieben und erscheint nirgends.'],
};

export function photoConsent(story: Subject, photo: StoryPhoto | undefined, now = new Date()): PhotoConsent {
  if (!photo) return UNDESCRIBED;
  if (photo.noPerson) return { level: 'ok', text: 'Keine Person erkennbar', problems: [] };
  const without = new Set(consentProblems(consentSubject({ ...story, photos: [] }), now));
  const own = consentProblems(consentSubject({ ...story, photos: [photo] }), now).filter((p) => !without.has(p));
  const shown = photo.persons.map((p) => `${personLabel({ id: p.personId })}`);
  // A person without a (valid) consent is refused before the photo is looked at: their problems count for it too.
  const ofShown = [...without].filter((p) => shown.some((label) => p.startsWith(`${label}:`) || p.startsWith(`${label} `)));
  const problems = [...own, ...ofShown];
  if (own.length > 0 || ofShown.some((p) => /widerrufen|abgelaufen/.test(p)))
    return { level: 'refused', text: 'Einwilligung deckt das Foto nicht ab', problems };
  if (ofShown.length > 0) return { level: 'open', text: 'Einwilligung fehlt noch', problems };
  return { level: 'ok', text: 'Einwilligung deckt das Foto ab', problems: [] };
}

const SYMBOL: Record<ConsentLevel, string> = { ok: '✓', open: '!', refused: '✕' };

/** The status as a badge: symbol, colour and words, so it reads without colour. */
export function consentBadge(status: PhotoConsent): HTMLElement {
  return h(
    'span',
    { class: `badge photo-consent photo-consent-${status.level}` },
    h('span', { 'aria-hidden': 'true' }, `${SYMBOL[status.level]} `),
    status.text,
  );
}
