import { Logger } from '@aws-lambda-powertools/logger';
import { maskSensitiveText } from '../domain/mask.js';

/**
 * Structured JSON logs. Request bodies are never logged; the request log line carries method, path (never the
 * query string: it can hold a certificate number), status, duration and request id. As a second line of
 * defence every string value is masked, so a full ID or phone number cannot reach a log line by accident.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({
    serviceName,
    jsonReplacerFn: (_key, value) => (typeof value === 'string' ? maskSensitiveText(value) : value),
  });
}
