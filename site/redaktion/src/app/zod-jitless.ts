import * as z from 'zod/mini';

/**
 * zod compiles object parsers with `new Function` unless told not to; the editor's CSP
 * forbids eval, and even zod's probe shows up as a violation. Schemas read this flag
 * when they are built, so this module is imported before any other.
 */
z.config({ jitless: true });
