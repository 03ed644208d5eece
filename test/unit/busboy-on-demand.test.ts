import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Busboy } from '../../functions/busboy-on-demand.js';

interface Parsed {
  readonly fields: Record<string, string>;
  readonly files: Record<string, { filename: string; mimeType: string; text: string }>;
}

/** Feeds `body` to the stream as @whatwg-node/node-fetch's `formData()` does: piped, done at 'finish'. */
function parse(contentType: string, body: string): Promise<Parsed> {
  const fields: Record<string, string> = {};
  const files: Parsed['files'] = {};
  const parser = new Busboy({ headers: { 'content-type': contentType }, defCharset: 'utf-8' });
  parser.on('field', (name: string, value: string) => (fields[name] = value));
  parser.on('file', (name: string, file: Readable, filename: string, _encoding: string, mimeType: string) => {
    const chunks: Buffer[] = [];
    file.on('data', (chunk: Buffer) => chunks.push(chunk));
    file.on('end', () => (files[name] = { filename, mimeType, text: Buffer.concat(chunks).toString('utf8') }));
  });
  return new Promise((resolve, reject) => {
    parser.on('finish', () => resolve({ fields, files }));
    parser.on('error', reject);
    // Two chunks, so that the second arrives while the parser may still be loading.
    Readable.from([Buffer.from(body.slice(0, 7)), Buffer.from(body.slice(7))]).pipe(parser);
  });
}

describe('the form parser loaded with the first form (functions/busboy-on-demand.ts)', () => {
  it('tells every field of a url-encoded form before it finishes', async () => {
    const { fields } = await parse('application/x-www-form-urlencoded', 'documentType=physician_practicing_certificate&declarant=%E5%BC%A0%E4%B8%89&empty=');
    expect(fields).toEqual({ documentType: 'physician_practicing_certificate', declarant: '张三', empty: '' });
  });

  it('tells the fields and files of a multipart form', async () => {
    const boundary = 'shengming-test';
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="reason"',
      '',
      '遗失',
      `--${boundary}`,
      'Content-Disposition: form-data; name="proof"; filename="proof.txt"',
      'Content-Type: text/plain',
      '',
      'page one',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const { fields, files } = await parse(`multipart/form-data; boundary=${boundary}`, body);
    expect(fields).toEqual({ reason: '遗失' });
    expect(files).toEqual({ proof: { filename: 'proof.txt', mimeType: 'text/plain', text: 'page one' } });
  });

  it('fails as the parser fails: a body it cannot read is an error, not a form', async () => {
    await expect(parse('text/plain', 'a=1')).rejects.toThrow(/Unsupported Content-Type/);
    await expect(parse('multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\ncut short')).rejects.toThrow(/Unexpected end/);
  });

  it('can be destroyed before the parser has loaded', async () => {
    const parser = new Busboy({ headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const closed = new Promise((resolve) => parser.on('close', resolve));
    parser.destroy();
    await expect(closed).resolves.toBeUndefined();
  });
});
