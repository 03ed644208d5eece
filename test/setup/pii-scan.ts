import { afterAll, expect } from 'vitest';
import { collectLogLine, leaks } from '../support/pii-collector.js';

/**
 * Runs in every test file: log lines (Powertools writes JSON lines to stdout) are collected instead of printed,
 * and after the file's tests every collected response and log line is scanned for full IDs and phone numbers.
 */
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  if (text.startsWith('{') && text.includes('"level"')) {
    for (const line of text.split('\n').filter(Boolean)) collectLogLine(line);
    return true;
  }
  return write(chunk, ...(rest as []));
}) as typeof process.stdout.write;

afterAll(() => {
  expect(leaks()).toEqual([]);
});
