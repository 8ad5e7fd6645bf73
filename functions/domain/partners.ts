import * as z from 'zod/mini';

/** The five contract partners of the programme (DOMAIN.md). `lra` hosts the press office. */
export const PARTNERS = [
  { id: 'awo', name: 'Arbeiterwohlfahrt (AWO), Kreisverband Ludwigsburg', short: 'AWO' },
  { id: 'caritas', name: 'Caritas Ludwigsburg-Waiblingen-Enz', short: 'Caritas' },
  { id: 'kdv', name: 'Kreisdiakonieverband im Landkreis Ludwigsburg', short: 'Kreisdiakonieverband' },
  { id: 'drk', name: 'Deutsches Rotes Kreuz, Kreisverband Ludwigsburg', short: 'DRK' },
  { id: 'lra', name: 'Landratsamt Ludwigsburg', short: 'Landratsamt' },
] as const;

export const PartnerId = z.enum(['awo', 'caritas', 'kdv', 'drk', 'lra'], {
  error: 'Unbekannte Partnerorganisation.',
});
export type PartnerId = z.infer<typeof PartnerId>;

export function partnerName(id: PartnerId): string {
  return PARTNERS.find((p) => p.id === id)!.name;
}

export function partnerShort(id: PartnerId): string {
  return PARTNERS.find((p) => p.id === id)!.short;
}
