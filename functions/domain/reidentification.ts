import { personLabel } from './consent.ts';
import type { Municipality } from './municipalities.ts';
import { consentSubject, type Story } from './story.ts';

/**
 * Re-identification warnings: details that are harmless alone can together point to
 * very few people. A warning does not block; the author sees it on submit and the
 * partner lead when approving, with the reason.
 *
 * `clientsIn` gives the programme's clients per municipality from the latest accepted
 * statistics (internal figures, never published below the threshold).
 */
export interface ReidentificationContext {
  clientsIn: ReadonlyMap<Municipality, number>;
  threshold: number;
}

/** A place is small for re-identification when few enough clients live there that a detail narrows it to one. */
const SMALL_FACTOR = 4;

export function reidentificationWarnings(story: Story, ctx: ReidentificationContext): string[] {
  const subject = consentSubject(story);
  const place = story.showMunicipality ? story.municipality : undefined;
  const clients = place ? ctx.clientsIn.get(place) : undefined;
  const warnings: string[] = [];
  for (const p of subject.persons) {
    const who = personLabel(p);
    const d = new Set(p.shows.details);
    if (place && d.has('origin') && clients !== undefined && clients < ctx.threshold) {
      warnings.push(
        `${who}: Herkunftsland und Wohnort zusammen: In ${place} begleitet das Programm laut der letzten Statistik weniger als ${ctx.threshold} Menschen. Die Person ist so leicht zu erkennen.`,
      );
    }
    if (place && d.has('employer') && clients !== undefined && clients < ctx.threshold * SMALL_FACTOR) {
      warnings.push(
        `${who}: Arbeitgeber oder Schule in einem kleinen Ort (${place}, weniger als ${ctx.threshold * SMALL_FACTOR} Klientinnen und Klienten): Kolleginnen, Kollegen und Nachbarn erkennen die Person leicht.`,
      );
    }
    if (place && d.has('origin') && d.has('employer') && clients === undefined) {
      warnings.push(`${who}: Herkunftsland, Arbeitgeber oder Schule und Wohnort zusammen grenzen die Person stark ein; für ${place} liegen keine Zahlen vor.`);
    }
    if ((p.shows.naming === 'full-name' || p.shows.naming === 'first-name') && d.has('origin') && place) {
      warnings.push(`${who}: Name, Herkunftsland und Wohnort zusammen machen die Person für alle auffindbar, auch für Menschen im Herkunftsland.`);
    }
    if (p.shows.photos === 'recognisable' && (d.has('origin') || d.has('religion'))) {
      warnings.push(
        `${who}: Ein erkennbares Foto zusammen mit ${d.has('religion') ? 'der Religion' : 'dem Herkunftsland'} kann Angehörige im Herkunftsland gefährden.`,
      );
    }
  }
  return warnings;
}
