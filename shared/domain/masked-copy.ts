import { maskSensitiveText } from './mask.js';
import { isUuid } from './record-ids.js';

/**
 * A copy of a value with every string in it masked, for a record shown outside the staff routes: whatever a field
 * was meant to hold, a resident ID or mobile number typed into it (by a filer, or by staff into a name) is masked.
 */
export function maskedCopy<T>(value: T): T {
  if (typeof value === 'string') return maskSensitiveText(value) as T;
  if (Array.isArray(value)) return value.map(maskedCopy) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, maskedCopy(entry)])) as T;
  }
  return value;
}

/**
 * A JSON.stringify replacer that masks every string value, for text that leaves the server with no field-by-field
 * masking of its own (log lines, problem+json bodies): a second line of defence. A value that is exactly a UUID is
 * left alone: those are ids the system mints (a client's X-Request-Id in which the detector finds anything is
 * replaced before it is used), random hex whose digits can read as a phone number by chance (`…1482-0387942a…`),
 * and masking one would break the id.
 */
export function maskingJsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'string' && !isUuid(value) ? maskSensitiveText(value) : value;
}
