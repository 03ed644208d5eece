import { getXRayTraceIdFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import { Logger, LogLevelThreshold } from '@aws-lambda-powertools/logger';
import { maskingJsonReplacer } from '../domain/masked-copy.js';

/**
 * The Powertools Logger of every function, with the one line every request writes (`logRequest`) made cheap: that
 * line is the one `info('request', fields)` would write (same keys, order and masking; test/unit/logger.test.ts
 * compares the two), built from fields Powertools gave once at construction, the timestamp and the trace id, and
 * serialized with Powertools' own replacer in one write, without Powertools' per-call merging of attribute
 * stores, environment reads and console layer (about half of the line's CPU: docs/BENCHMARKS.md).
 */
export class AppLogger extends Logger {
  readonly #constant: { level: unknown; message: unknown; service: unknown; sampling_rate: unknown };
  /** Whether Powertools writes UTC timestamps (`toISOString`); with a `TZ` of another zone it adds an offset, and the line is its own. */
  readonly #utc: boolean;

  constructor(options: ConstructorParameters<typeof Logger>[0]) {
    super(options);
    const { level, message, service, sampling_rate, timestamp } = this.createAndPopulateLogItem(LogLevelThreshold.INFO, 'request', []).getAttributes();
    this.#constant = { level, message, service, sampling_rate };
    this.#utc = typeof timestamp === 'string' && timestamp.endsWith('Z');
  }

  /** The request's access log line at INFO: `fields` after the line's standard ones. */
  logRequest(fields: Readonly<Record<string, unknown>>): void {
    if (this.level > LogLevelThreshold.INFO) return;
    if (!this.#utc) {
      this.info('request', fields);
      return;
    }
    const { level, message, service, sampling_rate } = this.#constant;
    const line = { level, message, timestamp: new Date().toISOString(), service, sampling_rate, xray_trace_id: getXRayTraceIdFromEnv(), ...fields };
    process.stdout.write(`${JSON.stringify(line, this.getJsonReplacer())}\n`);
  }
}

/**
 * Structured JSON logs. Request bodies are never logged; the request log line carries method, path (never the
 * query string: it can hold a certificate number), status, duration and request id. As a second line of
 * defence every string value is masked (but a UUID, see maskingJsonReplacer), so a full ID or phone number cannot
 * reach a log line by accident.
 */
export function createLogger(serviceName: string): AppLogger {
  return new AppLogger({
    serviceName,
    jsonReplacerFn: maskingJsonReplacer,
  });
}
