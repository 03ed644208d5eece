import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { SNIFFED_BYTES, contentMatchesType } from '../shared/services/attachments.js';
import { isRecordId } from '../shared/domain/record-ids.js';
import { bodyLimit } from 'hono/body-limit';
import {
  inlineDisposition,
  MAX_ATTACHMENT_BYTES,
  VIEW_LINK_LIFETIME_SECONDS,
  UPLOAD_FORM_LIFETIME_SECONDS,
  type AttachmentContentType,
  type AttachmentStorage,
  type StoredAttachment,
} from '../shared/store/attachments.js';

/** Where the local stand-in for S3 takes uploads and serves files (outside every function's routes). */
export const LOCAL_UPLOAD_PATH = '/_local/uploads';

interface UploadPolicy {
  readonly id: string;
  readonly contentType: AttachmentContentType;
  readonly maxBytes: number;
  readonly expires: number;
  readonly returnTo?: string;
}


/**
 * Attachments on this machine: files under `<dataDir>/attachments`, uploaded through a signed form that checks
 * type, size and expiry the way an S3 presigned POST policy does, so the browser flow is the same as in AWS.
 */
export function localAttachments(dataDir: string, now: () => Date = () => new Date()): { storage: AttachmentStorage; app: Hono } {
  const directory = join(dataDir, 'attachments');
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32);
  const sign = (value: string) => createHmac('sha256', secret).update(value).digest('base64url');
  const signatureMatches = (value: string, signature: string) => {
    const expected = Buffer.from(sign(value));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  };
  const metaPath = (id: string) => join(directory, `${id}.json`);

  const storage: AttachmentStorage = {
    async createUploadForm(id, contentType, maxBytes, returnTo) {
      const policy: UploadPolicy = { id, contentType, maxBytes, expires: Date.now() + UPLOAD_FORM_LIFETIME_SECONDS * 1000, ...(returnTo ? { returnTo } : {}) };
      const encoded = Buffer.from(JSON.stringify(policy)).toString('base64url');
      return { url: LOCAL_UPLOAD_PATH, fields: { 'Content-Type': contentType, policy: encoded, signature: sign(encoded) } };
    },
    async describe(id) {
      if (!isRecordId(id) || !existsSync(metaPath(id))) return undefined;
      return JSON.parse(readFileSync(metaPath(id), 'utf8')) as StoredAttachment;
    },
    async firstBytes(id, count) {
      return new Uint8Array(readFileSync(join(directory, id)).subarray(0, count));
    },
    async viewUrl(id) {
      const expires = String(now().getTime() + VIEW_LINK_LIFETIME_SECONDS * 1000);
      return `${LOCAL_UPLOAD_PATH}/${id}?expires=${expires}&signature=${sign(`${id}:${expires}`)}`;
    },
  };

  const app = new Hono();
  // Every file served carries nosniff, so a browser never reads a proof file as anything but its declared type.
  app.use(async (c, next) => {
    await next();
    c.res.headers.set('x-content-type-options', 'nosniff');
  });
  app.post(LOCAL_UPLOAD_PATH, bodyLimit({ maxSize: MAX_ATTACHMENT_BYTES + 64 * 1024 }), async (c) => {
    const form = await c.req.parseBody();
    const { policy: encoded, signature, 'Content-Type': contentType, file } = form;
    if (typeof encoded !== 'string' || typeof signature !== 'string' || !signatureMatches(encoded, signature)) {
      return c.text('invalid policy signature', 403);
    }
    const policy = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as UploadPolicy;
    if (policy.expires < Date.now()) return c.text('upload form expired', 403);
    if (contentType !== policy.contentType || !(file instanceof File)) return c.text('content type or file missing', 400);
    if (file.size < 1 || file.size > policy.maxBytes) return c.text('file size outside the allowed range', 400);
    // The stand-in checks what S3 cannot: the file's first bytes must be of its declared type (submission checks again).
    if (!(await contentMatchesType(new Uint8Array(await file.slice(0, SNIFFED_BYTES).arrayBuffer()), policy.contentType))) {
      return c.text('file content does not match its type', 400);
    }
    // Citizens' proof files: owner only, like the rest of DATA_DIR.
    writeFileSync(join(directory, policy.id), Buffer.from(await file.arrayBuffer()), { mode: 0o600 });
    const meta: StoredAttachment = { id: policy.id, contentType: policy.contentType, size: file.size };
    writeFileSync(metaPath(policy.id), JSON.stringify(meta), { mode: 0o600 });
    // As S3 does with success_action_redirect: back to the page, with the object's key in the query.
    if (policy.returnTo) {
      const back = new URL(policy.returnTo);
      back.searchParams.set('key', policy.id);
      return c.redirect(back.toString(), 303);
    }
    return c.body(null, 204);
  });
  app.get(`${LOCAL_UPLOAD_PATH}/:id`, async (c) => {
    const id = c.req.param('id');
    const expires = c.req.query('expires') ?? '';
    if (!isRecordId(id) || Number(expires) < now().getTime() || !signatureMatches(`${id}:${expires}`, c.req.query('signature') ?? '')) {
      return c.text('link expired or invalid', 403);
    }
    const meta = await storage.describe(id);
    if (!meta) return c.text('not found', 404);
    // Shown in the tab (an image or the browser's PDF viewer), never downloaded or read as anything else.
    return c.body(readFileSync(join(directory, id)), 200, {
      'content-type': meta.contentType,
      'content-disposition': inlineDisposition(meta.contentType),
      'cache-control': 'private, no-store',
    });
  });
  return { storage, app };
}
