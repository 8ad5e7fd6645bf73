import * as z from 'zod/mini';

/**
 * Free text from people: the one rule for which characters it may hold, and German
 * messages for every validation problem. Every schema of the domain builds its text
 * fields with `safeText`, and importing this module configures zod once.
 */

/**
 * Characters no text field may hold. Invisible control characters (C0 except tab and
 * newline, DEL, C1) and the noncharacters U+FFFE/U+FFFF come from pasted text, are
 * forbidden in XML 1.0 (one of them makes a feed unreadable for every reader) or are
 * read differently by every program. Bidi overrides and isolates reorder what a reader
 * sees ("Trojan Source"). A lone surrogate is half a character and no valid Unicode.
 * Carriage returns are no part of the rule: `safeText` turns them into newlines.
 */
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF\uD800-\uDFFF]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

const hex = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

function kindOf(c: string): string {
  const code = c.codePointAt(0)!;
  if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return 'ein unsichtbares Steuerzeichen für die Schreibrichtung';
  if (code >= 0xd800 && code <= 0xdfff) return 'ein unvollständiges Zeichen';
  if (code >= 0xfffe) return 'ein Nicht-Zeichen';
  return 'ein unsichtbares Steuerzeichen';
}

/** The first forbidden character with its position (counted in characters, from 1), or undefined. */
export function unsafeCharacter(text: string): { char: string; position: number } | undefined {
  const m = UNSAFE.exec(text);
  if (!m) return undefined;
  return { char: m[0], position: Array.from(text.slice(0, m.index)).length + 1 };
}

/** The German refusal for `text` in the field `field` ("Der Titel"), or undefined when it is clean. */
export function unsafeTextProblem(field: string, text: string): string | undefined {
  const found = unsafeCharacter(text);
  if (!found) return undefined;
  return `${field} enthält ${kindOf(found.char)} (${hex(found.char)}) an Stelle ${found.position}. Bitte entfernen Sie es; oft kommt es mit kopiertem Text herein.`;
}

/** Removes every forbidden character: for text stored before the rule, and for the feeds (defence in depth). */
export function stripUnsafeText(text: string): string {
  return text.replace(UNSAFE_ALL, '');
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** `stripUnsafeText` on every string inside plain objects and arrays (dates and other instances stay as they are). */
export function withoutUnsafeText<T>(value: T): T {
  if (typeof value === 'string') return stripUnsafeText(value) as T;
  if (Array.isArray(value)) return value.map(withoutUnsafeText) as T;
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutUnsafeText(v)])) as T;
  return value;
}

/**
 * A text field. `field` names it in German with its article ("Der Titel"), for the
 * message when it holds a forbidden character. Line ends are stored as "\n" whatever
 * the sender's system uses. Add `z.trim()`, `z.minLength()`, `z.maxLength()` with `.check()`.
 */
export function safeText(field: string, params?: Parameters<typeof z.string>[0]) {
  return z.string(params).check(
    z.overwrite((s) => s.replace(/\r\n?/g, '\n')),
    z.superRefine((s, ctx) => {
      const message = unsafeTextProblem(field, s);
      if (message) ctx.addIssue({ code: 'custom', message, input: s, continue: false });
    }),
  );
}

const TYPES: Record<string, string> = {
  string: 'ein Text',
  number: 'eine Zahl',
  int: 'eine ganze Zahl',
  bigint: 'eine ganze Zahl',
  boolean: 'ja oder nein (true oder false)',
  array: 'eine Liste',
  object: 'eine Gruppe von Angaben',
  date: 'ein Datum',
  nan: 'eine Zahl',
  null: 'kein Wert',
};

const SIZES: Record<string, [one: string, many: string]> = {
  string: ['Zeichen', 'Zeichen'],
  array: ['Eintrag', 'Einträge'],
  set: ['Eintrag', 'Einträge'],
  file: ['Byte', 'Bytes'],
};

const amount = (origin: string | undefined, n: number | bigint) => {
  const unit = origin ? SIZES[origin] : undefined;
  const value = typeof n === 'number' ? n.toLocaleString('de-DE') : n.toString();
  return unit ? `${value} ${Number(n) === 1 ? unit[0] : unit[1]}` : value;
};

/**
 * The German message for any issue a schema does not word itself: the schemas carry
 * their own messages where a person can act on them; this covers the rest, so that no
 * English ("Invalid input: expected array, received object") ever reaches anyone.
 */
export function germanIssue(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'Diese Angabe fehlt.';
      return `Hier wird ${TYPES[issue.expected] ?? 'eine andere Art von Angabe'} erwartet.`;
    case 'invalid_value':
      return issue.values.length <= 12
        ? `Dieser Wert ist nicht vorgesehen. Möglich: ${issue.values.map((v) => String(v)).join(', ')}.`
        : 'Dieser Wert ist nicht vorgesehen.';
    case 'too_small':
      return `Zu kurz oder zu klein: ${issue.inclusive === false ? 'mehr als' : 'mindestens'} ${amount(issue.origin, issue.minimum)}.`;
    case 'too_big':
      return `Zu lang oder zu groß: ${issue.inclusive === false ? 'weniger als' : 'höchstens'} ${amount(issue.origin, issue.maximum)}.`;
    case 'invalid_format':
      return issue.format === 'email' ? 'Bitte eine gültige E-Mail-Adresse angeben.' : 'Diese Angabe hat nicht das erwartete Format.';
    case 'not_multiple_of':
      return `Die Zahl muss ein Vielfaches von ${issue.divisor} sein.`;
    case 'unrecognized_keys':
      return `Unbekannte Felder: ${issue.keys.join(', ')}.`;
    case 'invalid_key':
      return 'Ein Schlüssel dieser Angabe ist nicht vorgesehen.';
    case 'invalid_element':
      return 'Ein Eintrag dieser Angabe ist nicht gültig.';
    case 'invalid_union':
      return 'Diese Angabe passt zu keiner der vorgesehenen Formen.';
    default:
      return 'Diese Angabe ist nicht gültig.';
  }
}

// `customError`, not a locale: zod's own modules set `localeError` to English when they load.
z.config({ customError: germanIssue });
