import { maskSensitiveText } from './mask.js';

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
