import { type Channel, DETAILS, type Detail, type Naming, type Photos } from './consent.ts';
import { FORM_TEXTS, type FormText, joinList } from './consent-form-texts.ts';

/**
 * The printed consent form's scope section: what one person ticks, as sentences of the
 * form's template (consent-form-texts.ts), so each language words them with its own
 * grammar („dass die Geschichte den Wohnort nennt“, never a nominative where German
 * wants the accusative).
 */
export { CONSENT_FORM_VERSION } from './consent.ts';

/** What one person's part of the story shows, as the form asks about it. */
export interface FormScope {
  /** An adult signs for themself; for a minor the guardians sign about „mein Kind“. */
  adult: boolean;
  channels: readonly Channel[];
  naming: Naming;
  photos: Photos;
  details: readonly Detail[];
  /** The story's municipality, named with the detail „Wohnort“. */
  municipality?: string;
}

/** The sentences of the form's scope section, each one a box to tick (or, for no photos, a statement). */
export interface ScopeSentences {
  channels: string[];
  naming: string;
  /** A box to tick, unless no photos are shown (then `photosTick` is false and this is a statement). */
  photos: string;
  photosTick: boolean;
  /** One box per ordinary detail; empty: `noDetails` says so. */
  details: string[];
  noDetails?: string;
  /** The separate, explicit consent for religion and health, with the sentence that explains it. */
  special?: { intro: string; consent: string };
}

/** The scope section's sentences in the template's language (German unless another text is given), in the form's order. */
export function scopeSentences(s: FormScope, text: FormText = FORM_TEXTS['EW-2026-2']!): ScopeSentences {
  const t = text.scope;
  const special = s.details.filter((d) => DETAILS.find((x) => x.id === d)!.special);
  const ordinary = s.details.filter((d) => !special.includes(d));
  const specialList = joinList(
    text,
    special.map((d) => t.detail(d, s.municipality)),
  );
  return {
    channels: s.channels.map((c) => t.channels[c]),
    naming: t.naming(s.adult, s.naming),
    photos: t.photos(s.adult, s.photos),
    photosTick: s.photos !== 'none',
    details: ordinary.map((d) => t.detailConsent(t.detail(d, s.municipality))),
    ...(ordinary.length ? {} : { noDetails: t.noDetails }),
    ...(special.length ? { special: { intro: t.specialIntro(specialList), consent: t.specialConsent(specialList) } } : {}),
  };
}
