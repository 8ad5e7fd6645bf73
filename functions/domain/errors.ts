/**
 * What the store and the operations refuse with, in the domain's terms. The HTTP adapter
 * (functions/http/handler.ts) answers each of them in one place; they are defined here,
 * below both, so the adapter needs nothing of the store or the operations to map them.
 */

/** The records a write can find changed by someone else; each names itself in the message. */
export type EntityKind = 'story' | 'release' | 'settings' | 'snapshot' | 'submission' | 'contact';

const SUBJECTS: Record<EntityKind, string> = {
  story: 'Die Geschichte wurde',
  release: 'Die Pressemitteilung wurde',
  settings: 'Die Einstellungen wurden',
  snapshot: 'Der Stichtag wurde',
  submission: 'Die Meldung wurde',
  contact: 'Der Kontakt wurde',
};

/** The one German wording of "changed in the meantime", for every kind of record. */
export const changedMeanwhile = (entity: EntityKind) =>
  `${SUBJECTS[entity]} inzwischen von jemand anderem geändert. Bitte laden Sie die aktuelle Fassung und prüfen Sie Ihre Änderungen.`;

/** Its heading, as the editor shows it over the message. */
export const changedMeanwhileTitle = (entity: EntityKind) => `${SUBJECTS[entity]} inzwischen geändert`;

/**
 * Someone else changed the record since the caller read it: a stale version sent with
 * the request, or a conditional write that lost a race (409). `current` is the record as
 * it is stored now, for the editor to compare with.
 */
export class ConflictError<T = unknown> extends Error {
  readonly entity: EntityKind;
  readonly current: T | undefined;
  constructor(entity: EntityKind, current: T | undefined) {
    super(changedMeanwhile(entity));
    this.entity = entity;
    this.current = current;
  }
}

/** Throws the conflict unless the record is still at the version the caller read. */
export function expectVersion<T extends { version: number }>(entity: EntityKind, current: T, version: number): void {
  if (current.version !== version) throw new ConflictError(entity, current);
}

/** A list cursor this store did not hand out (malformed, forged, or from another list): the caller's mistake, a 400. */
export class InvalidCursor extends Error {
  constructor() {
    super('invalid cursor');
  }
}

/**
 * Why a decision refuses an action: not this person's to take (403), not possible in the
 * record's state (409), or missing or failing what it needs (a comment, a gate, valid
 * data: 422).
 */
export type RefusalReason = 'forbidden' | 'state' | 'comment' | 'gate' | 'invalid';

export interface Problem {
  field?: string;
  message: string;
}

/** A refusal as the domain's decide functions return it. */
export interface Refusal {
  reason: RefusalReason;
  message: string;
  problems?: readonly (string | Problem)[];
}

/** An operation refused the action, with the German reason for the person who asked. */
export class Refused extends Error {
  readonly reason: RefusalReason;
  readonly problems: Problem[];
  /** More for the caller than the message, e.g. the id of the record that is in the way. */
  readonly extra: Record<string, unknown>;
  constructor({ reason, message, problems = [] }: Refusal, extra: Record<string, unknown> = {}) {
    super(message);
    this.reason = reason;
    this.problems = problems.map((p) => (typeof p === 'string' ? { message: p } : p));
    this.extra = extra;
  }
}

/** Throws a decision's refusal. */
export function refuse(refusal: Refusal, extra?: Record<string, unknown>): never {
  throw new Refused(refusal, extra);
}

/** The record does not exist, or this person may not know that it does (404). */
export class NotFound extends Error {}
