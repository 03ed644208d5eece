import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs. Request bodies are never logged; the request log line carries method, path (never the
 * query string: it can hold a certificate number), status, duration and request id.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}
