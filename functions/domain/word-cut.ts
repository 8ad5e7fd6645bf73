/**
 * Shortening text for people to read without cutting a word in half: a cut falls on white
 * space only. A single word longer than the length asked for is kept whole.
 */

/** About the first `n` characters of `text`, up to the last white space within them. */
export function headWords(text: string, n: number): string {
  if (text.length <= n) return text;
  const within = text.slice(0, n + 1);
  const last = Math.max(...[...within.matchAll(/\s/g)].map((m) => m.index));
  if (last > 0) return text.slice(0, last);
  const next = text.slice(n).search(/\s/);
  return next < 0 ? text : text.slice(0, n + next);
}

/** About the last `n` characters of `text`, from the first white space within them. */
export function tailWords(text: string, n: number): string {
  if (text.length <= n) return text;
  const start = text.length - n - 1;
  const first = text.slice(start).search(/\s/);
  if (first >= 0 && start + first + 1 < text.length) return text.slice(start + first + 1);
  const before = [...text.slice(0, start).matchAll(/\s/g)].at(-1);
  return before ? text.slice(before.index + 1) : text;
}
