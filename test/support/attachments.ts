import type { TestSystem } from './system.js';

/** The smallest files of each proof type whose bytes are what they say (file-type checks the magic numbers). */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Uploads a proof file as the filing page's script does: ask for an upload form, then post the file to it. */
export async function uploadProof(
  system: TestSystem,
  contentType: string,
  bytes: Buffer,
  name: string,
): Promise<{ id: string; status: number; body: string }> {
  const started = await system.request('/api/v1/attachments', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ contentType, size: bytes.length }),
  });
  const { id, upload: form } = (await started.json()) as { id: string; upload: { url: string; fields: Record<string, string> } };
  const body = new FormData();
  for (const [field, value] of Object.entries(form.fields)) body.append(field, value);
  body.append('file', new File([bytes], name, { type: contentType }));
  const response = await system.request(form.url, { method: 'POST', body });
  return { id, status: response.status, body: await response.text() };
}
