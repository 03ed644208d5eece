import type { DeclarationStatus } from './lifecycle.js';

/**
 * Failures the domain and services report; the HTTP layer maps each to one problem type. Plain classes with no
 * HTTP knowledge, so the same service code serves API routes and web pages.
 */
export class DeclarationNotFound extends Error {
  override readonly name = 'DeclarationNotFound';
}

/** The receipt (or staff role) does not grant access to this declaration. */
export class AccessDenied extends Error {
  override readonly name = 'AccessDenied';
}

export class StaleVersion extends Error {
  override readonly name = 'StaleVersion';
  constructor(
    readonly currentVersion: number,
    /** What a request placing many declarations placed, a transaction at a time, before one of them changed. */
    readonly placed: readonly string[] = [],
  ) {
    super(`the declaration is at version ${currentVersion}`);
  }
}

export class WrongState extends Error {
  override readonly name = 'WrongState';
  constructor(
    readonly status: DeclarationStatus,
    readonly action: string,
  ) {
    super(`cannot ${action} a declaration that is ${status}`);
  }
}

/**
 * Declarations that cannot be placed in an edition in their state (only approved ones can), each with its place in
 * the request's ids; nothing was placed.
 */
export class PlacementRefused extends Error {
  override readonly name = 'PlacementRefused';
  constructor(readonly refusals: readonly { readonly index: number; readonly id: string; readonly status: DeclarationStatus }[]) {
    super(`cannot place: ${refusals.map(({ id, status }) => `${id} (${status})`).join(', ')}`);
  }
}

export class DuplicateDeclaration extends Error {
  override readonly name = 'DuplicateDeclaration';
  constructor(readonly existingId: string) {
    super(`an active declaration for this document already exists: ${existingId}`);
  }
}

/** The same Idempotency-Key was sent with a different body. */
export class IdempotencyKeyReused extends Error {
  override readonly name = 'IdempotencyKeyReused';
}

/** Input that fails validation; one entry per bad field, with messages in each language. */
export class InvalidInput extends Error {
  override readonly name = 'InvalidInput';
  constructor(readonly errors: readonly { path: string; message: Readonly<Record<'zh-CN' | 'en', string>> }[]) {
    super(`${errors.length} invalid field(s)`);
  }
}

export class EditionNotFound extends Error {
  override readonly name = 'EditionNotFound';
}

/** The edition no longer takes placements (its cut-off passed, or it is being published). */
export class EditionClosed extends Error {
  override readonly name = 'EditionClosed';
  constructor(readonly date: string) {
    super(`the edition of ${date} no longer takes notices`);
  }
}

/** An edition is published on or after its date (Asia/Shanghai), never before: its notices would claim a day too early. */
export class EditionNotDue extends Error {
  override readonly name = 'EditionNotDue';
  constructor(
    readonly date: string,
    readonly today: string,
  ) {
    super(`the edition of ${date} cannot be published on ${today}`);
  }
}

/** An edition with no notices is never published: it would be a public record of nothing. */
export class EditionEmpty extends Error {
  override readonly name = 'EditionEmpty';
  constructor(readonly date: string) {
    super(`the edition of ${date} has no notices`);
  }
}

export class EditionAlreadyExists extends Error {
  override readonly name = 'EditionAlreadyExists';
}

/** Only an edition that has no notices and is not being published or published can be deleted. */
export class EditionNotDeletable extends Error {
  override readonly name = 'EditionNotDeletable';
  constructor(
    readonly date: string,
    readonly reason: 'not_empty' | 'published',
  ) {
    super(`the edition of ${date} cannot be deleted: ${reason}`);
  }
}

/**
 * A notice can no longer be taken out of its edition: the page has gone to print (the edition is past its
 * cut-off or being published), or the notice is published, and a published notice never changes.
 */
export class GoneToPrint extends Error {
  override readonly name = 'GoneToPrint';
  constructor(
    readonly published: boolean,
    /** The edition, when known. */
    readonly date?: string,
  ) {
    super(published ? 'the notice is published' : `the edition of ${date ?? '?'} has gone to print`);
  }
}

/** The edition holds no notice of that declaration. */
export class NotInEdition extends Error {
  override readonly name = 'NotInEdition';
  constructor(
    readonly date: string,
    readonly declarationId: string,
  ) {
    super(`the edition of ${date} has no notice of ${declarationId}`);
  }
}

export class NoticeNotFound extends Error {
  override readonly name = 'NoticeNotFound';
  constructor(readonly noticeNo: string) {
    super(`no published notice ${noticeNo}`);
  }
}

/** Declarations that are neither paid nor waived cannot be placed in an edition (the newspaper takes payment first). */
export class PaymentRequired extends Error {
  override readonly name = 'PaymentRequired';
  constructor(readonly ids: readonly string[]) {
    super(`not paid and not waived: ${ids.join(', ')}`);
  }
}

/** The fee of this declaration is already recorded as paid or waived; a second record would double-count it. */
export class AlreadySettled extends Error {
  override readonly name = 'AlreadySettled';
  constructor(readonly settlement: 'paid' | 'waived') {
    super(`the fee is already ${settlement}`);
  }
}
