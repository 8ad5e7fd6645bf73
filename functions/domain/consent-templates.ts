/**
 * The printed consent form's templates: one per language, each with its own version, so
 * a consent record's `formVersion` says exactly which text in which language the person
 * signed. A translation is signed only once someone who reads both languages has checked
 * it against the German text (`reviewedBy`, `reviewedOn`); until then it prints as a draft
 * and the API refuses to record it as the form used. German is the source text.
 *
 * The texts themselves are in consent-form-texts.ts (only the editor prints them); this
 * list is what the API needs to judge a record.
 */

export interface FormTemplate {
  version: string;
  /** BCP 47 tag of the printed text; `de-x-simple` is Einfache Sprache. */
  lang: string;
  /** The language as staff choose it, in German. */
  languageName: string;
  dir: 'ltr' | 'rtl';
  /** The German original, not a translation. */
  source?: true;
  reviewedBy?: string;
  reviewedOn?: string;
  /** Replaced by a newer version of the same language: still recorded (a form signed earlier), no longer printed. */
  retired?: true;
}

export const FORM_TEMPLATES: readonly FormTemplate[] = [
  { version: 'EW-2026-1', lang: 'de', languageName: 'Deutsch', dir: 'ltr', source: true, retired: true },
  { version: 'EW-2026-2', lang: 'de', languageName: 'Deutsch', dir: 'ltr', source: true },
  { version: 'EW-ES-2026-1', lang: 'de-x-simple', languageName: 'Einfache Sprache', dir: 'ltr' },
  { version: 'EW-EN-2026-1', lang: 'en', languageName: 'Englisch', dir: 'ltr' },
  { version: 'EW-AR-2026-1', lang: 'ar', languageName: 'Arabisch', dir: 'rtl' },
];

export const formTemplate = (version: string): FormTemplate | undefined => FORM_TEMPLATES.find((t) => t.version === version);

/** Whether a signature on this template counts: the German source, or a translation someone has checked. */
export const isSignable = (t: FormTemplate) => t.source === true || (t.reviewedBy !== undefined && t.reviewedOn !== undefined);

/** Why a consent cannot be recorded on the form `version`, in German; undefined when it can. */
export function formVersionProblem(version: string): string | undefined {
  const t = formTemplate(version);
  if (!t) return `Die Formularfassung „${version}“ gibt es nicht.`;
  if (!isSignable(t))
    return `Das Formular ${t.version} (${t.languageName}) ist ein Entwurf: Die Übersetzung ist noch nicht geprüft und gilt nicht als Einwilligung. Bitte das deutsche Formular oder eine geprüfte Übersetzung unterschreiben lassen.`;
  return undefined;
}
