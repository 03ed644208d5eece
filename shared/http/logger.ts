import { Logger } from '@aws-lambda-powertools/logger';
import { maskSensitiveText } from '../domain/mask.js';
import { isUuid } from '../domain/record-ids.js';

/**
 * Structured JSON logs. Request bodies are never logged; the request log line carries method, path (never the
 * query string: it can hold a certificate number), status, duration and request id. As a second line of
 * defence every string value is masked, so a full ID or phone number cannot reach a log line by accident. A value
 * that is exactly a UUID is left alone: those are ids the system mints (a client's X-Request-Id in which the detector
 * finds anything is replaced before it gets here), random hex whose digits can read as a phone number by chance
 * (`…1482-0387942a…`), and masking one would break the id.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({
    serviceName,
    jsonReplacerFn: (_key, value) => (typeof value === 'string' && !isUuid(value) ? maskSensitiveText(value) : value),
  });
}
