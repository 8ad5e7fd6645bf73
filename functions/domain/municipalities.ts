import * as z from 'zod/mini';

/** The 39 towns and municipalities of the Landkreis Ludwigsburg (Kreisschlüssel 08118). */
export const MUNICIPALITIES = [
  'Affalterbach',
  'Asperg',
  'Benningen am Neckar',
  'Besigheim',
  'Bietigheim-Bissingen',
  'Bönnigheim',
  'Ditzingen',
  'Eberdingen',
  'Erdmannhausen',
  'Erligheim',
  'Freiberg am Neckar',
  'Freudental',
  'Gemmrigheim',
  'Gerlingen',
  'Großbottwar',
  'Hemmingen',
  'Hessigheim',
  'Ingersheim',
  'Kirchheim am Neckar',
  'Korntal-Münchingen',
  'Kornwestheim',
  'Löchgau',
  'Ludwigsburg',
  'Marbach am Neckar',
  'Markgröningen',
  'Möglingen',
  'Mundelsheim',
  'Murr',
  'Oberriexingen',
  'Oberstenfeld',
  'Pleidelsheim',
  'Remseck am Neckar',
  'Sachsenheim',
  'Schwieberdingen',
  'Sersheim',
  'Steinheim an der Murr',
  'Tamm',
  'Vaihingen an der Enz',
  'Walheim',
] as const;

export const Municipality = z.enum(MUNICIPALITIES, {
  error: 'Bitte eine Stadt oder Gemeinde des Landkreises Ludwigsburg wählen.',
});
export type Municipality = z.infer<typeof Municipality>;
