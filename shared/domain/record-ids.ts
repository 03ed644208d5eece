/** The registry's record ids: random lower-case UUIDs. */
export const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Whether a value has the shape of the ids the registry mints for declarations and attachments (random
 * lower-case UUIDs). Checked before an id reaches a key, so a malformed one is simply unknown.
 */
export function isRecordId(value: unknown): value is string {
  return typeof value === 'string' && RECORD_ID.test(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID of either case: what the registry, Lambda and API Gateway mint as record and request ids. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
