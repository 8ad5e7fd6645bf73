/**
 * What the store refuses with and the HTTP adapter answers (functions/http/handler.ts):
 * defined below both, so the adapter needs nothing of the store to map them.
 */

/**
 * A conditional write found another version than the caller read: someone else changed
 * the item in the meantime (409). `current` is what is stored now.
 */
export class VersionConflict<T = unknown> extends Error {
  readonly current: T | undefined;
  constructor(current: T | undefined) {
    super('version conflict');
    this.current = current;
  }
}

/** A list cursor this store did not hand out (malformed, forged, or from another list): the caller's mistake, a 400. */
export class InvalidCursor extends Error {
  constructor() {
    super('invalid cursor');
  }
}
