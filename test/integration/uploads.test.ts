import { beforeAll, describe, expect, it } from 'vitest';
import { checkedAttachments, contentMatchesType } from '../../shared/services/attachments.js';
import type { AttachmentStorage } from '../../shared/store/attachments.js';
import { PDF, PNG, uploadProof } from '../support/attachments.js';
import { json } from '../support/declarations.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

/** A proof file's first bytes must be of its declared type (file-type reads the magic numbers; issue 12). */
let system: TestSystem;

beforeAll(async () => {
  system = await createTestSystem();
});

const TEXT = Buffer.from('This is a plain text file that only pretends to be a PDF.\n');
const HTML = Buffer.from('<!doctype html><script>alert(1)</script>');

const upload = (contentType: string, bytes: Buffer, name: string) => uploadProof(system, contentType, bytes, name);

describe('uploads', () => {
  it.each([
    ['no size', { contentType: 'image/png' }, 'size is required: the file\'s length in bytes, a whole number from 1 to 5242880 (5 MiB).'],
    ['a size in quotes', { contentType: 'image/png', size: '2048' }, 'size must be the file\'s length in bytes, a whole number from 1 to 5242880 (5 MiB) (a number, not a string in quotes).'],
    ['a size of 0', { contentType: 'image/png', size: 0 }, 'size must be the file\'s length in bytes, a whole number from 1 to 5242880 (5 MiB).'],
    ['a size over 5 MiB', { contentType: 'image/png', size: 5 * 1024 * 1024 + 1 }, 'The file is larger than 5 MiB; make it smaller or upload it as several files.'],
  ])('refuses an upload with %s as a 400 naming size and saying what it takes', async (_name, body, message) => {
    const response = await system.request('/api/v1/attachments', json(body, { 'accept-language': 'en' }));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect((await response.json()) as unknown).toMatchObject({ status: 400, errors: [{ path: 'size', message }] });
  });

  it('names both fields, in Chinese by default, when neither is given', async () => {
    const response = await system.request('/api/v1/attachments', json({}));
    const problem = (await response.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors.map(({ path }) => path)).toEqual(['contentType', 'size']);
    expect(problem.errors[0]?.message).toBe('请填写文件类型 contentType：image/jpeg、image/png、application/pdf 之一。');
    expect(problem.errors[1]?.message).toBe('请填写文件大小 size：文件的字节数，1 到 5242880 之间的整数（5 MiB 以内）。');
  });

  it('refuses, at the local stand-in upload, a text file named .pdf and HTML sent as an image', async () => {
    expect(await upload('application/pdf', TEXT, 'proof.pdf')).toMatchObject({ status: 400, body: 'file content does not match its type' });
    expect((await upload('image/png', HTML, 'proof.png')).status).toBe(400);
    expect((await upload('image/jpeg', PNG, 'proof.jpg')).status).toBe(400);
    expect((await upload('application/pdf', PDF, 'proof.pdf')).status).toBe(204);
    expect((await upload('image/png', PNG, 'proof.png')).status).toBe(204);
  });

  it('checks the stored file again when a declaration is submitted (what runs in AWS, with a ranged GetObject)', async () => {
    const stored = new Map([
      ['00000000-0000-4000-8000-000000000001', { contentType: 'application/pdf', bytes: PDF }],
      ['00000000-0000-4000-8000-000000000002', { contentType: 'application/pdf', bytes: TEXT }],
    ]);
    const requested: number[] = [];
    const storage: AttachmentStorage = {
      createUploadForm: async () => ({ url: '', fields: {} }),
      describe: async (id) => {
        const file = stored.get(id);
        return file ? { id, contentType: file.contentType, size: file.bytes.length } : undefined;
      },
      viewUrl: async () => '',
      firstBytes: async (id, count) => {
        requested.push(count);
        return new Uint8Array((stored.get(id)?.bytes ?? Buffer.alloc(0)).subarray(0, count));
      },
    };
    await expect(checkedAttachments(storage, 'official_seal', ['00000000-0000-4000-8000-000000000001'])).resolves.toHaveLength(1);
    await expect(checkedAttachments(storage, 'official_seal', ['00000000-0000-4000-8000-000000000002'])).rejects.toMatchObject({
      errors: [{ path: 'attachments' }],
    });
    // Only the first bytes are read, however large the file.
    expect(Math.max(...requested)).toBeLessThanOrEqual(4_100);
  });

  it('knows JPEG, PNG and PDF by their magic numbers only', async () => {
    expect(await contentMatchesType(PDF, 'application/pdf')).toBe(true);
    expect(await contentMatchesType(PNG, 'image/png')).toBe(true);
    expect(await contentMatchesType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]), 'image/jpeg')).toBe(true);
    expect(await contentMatchesType(TEXT, 'application/pdf')).toBe(false);
    expect(await contentMatchesType(PDF, 'image/png')).toBe(false);
  });
});
