import { afterEach, describe, expect, it } from 'vitest';
import { containsSensitiveNumber } from '../../shared/domain/mask.js';
import { createLogger } from '../../shared/http/logger.js';
import { HOLDER_ID, HOLDER_PHONE } from '../support/declarations.js';

/** The lines written to stdout while `write` runs. */
function linesOf(write: () => void): string[] {
  const lines: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    write();
  } finally {
    process.stdout.write = original;
  }
  return lines;
}

const REQUEST_ID = '3f0c9a52-1482-4e1b-8c0d-0387942a6b1e';
const fields = {
  requestId: REQUEST_ID,
  method: 'GET',
  path: `/api/v1/notices/${HOLDER_ID}`,
  status: 200,
  durationMs: 3,
  note: `call ${HOLDER_PHONE}`,
  _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: 'Shengming', Dimensions: [['service', 'answer']], Metrics: [{ Name: 'Verifications', Unit: 'Count' }] }] },
  answer: 'no_record',
  Verifications: 1,
};

const savedTrace = process.env._X_AMZN_TRACE_ID;
afterEach(() => {
  if (savedTrace === undefined) delete process.env._X_AMZN_TRACE_ID;
  else process.env._X_AMZN_TRACE_ID = savedTrace;
});

describe('the request log line (AppLogger.logRequest)', () => {
  for (const trace of [undefined, 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1']) {
    it(`is the line Powertools' info('request', …) writes: keys, order, values (${trace ? 'with' : 'without'} an X-Ray trace)`, () => {
      if (trace) process.env._X_AMZN_TRACE_ID = trace;
      else delete process.env._X_AMZN_TRACE_ID;
      const logger = createLogger('verify');
      logger.setLogLevel('INFO');
      const [fast, powertools, ...rest] = linesOf(() => {
        logger.logRequest(fields);
        logger.info('request', fields);
      }).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(rest).toEqual([]);
      const withoutTime = ({ timestamp, ...line }: Record<string, unknown> = {}) => ({ line, timestamp });
      expect(Object.keys(fast ?? {})).toEqual(Object.keys(powertools ?? {}));
      expect(withoutTime(fast).line).toEqual(withoutTime(powertools).line);
      expect(withoutTime(fast).timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(fast?.xray_trace_id).toBe(trace ? '1-5759e988-bd862e3fe1be46a994272793' : undefined);
    });
  }

  it('masks every string value but leaves a UUID request id whole', () => {
    const logger = createLogger('verify');
    logger.setLogLevel('INFO');
    const [line = ''] = linesOf(() => logger.logRequest(fields));
    expect(containsSensitiveNumber(line)).toBe(false);
    expect(line).toContain('370102********');
    expect(line).toContain('138****5678');
    expect(line).toContain(REQUEST_ID);
    expect(line.endsWith('}\n')).toBe(true);
  });

  it('is not written when the log level is above INFO', () => {
    const logger = createLogger('verify');
    logger.setLogLevel('WARN');
    expect(linesOf(() => logger.logRequest(fields))).toEqual([]);
  });
});
