import { afterAll, expect } from 'vitest';
import { collectLogLine, leaks } from '../support/pii-collector.js';

/**
 * Runs in every test file: log lines (Powertools writes JSON lines to stdout, warnings and errors to stderr) are
 * collected instead of printed, and after the file's tests every collected response and log line is scanned for
 * full IDs and phone numbers.
 */
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.startsWith('{') && text.includes('"level"')) {
      for (const line of text.split('\n').filter(Boolean)) collectLogLine(line);
      return true;
    }
    return write(chunk, ...(rest as []));
  }) as typeof stream.write;
}

afterAll(() => {
  expect(leaks()).toEqual([]);
}, 120_000);
