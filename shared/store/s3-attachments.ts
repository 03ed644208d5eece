import type { S3Client } from '@aws-sdk/client-s3';
import type { AttachmentContentType, AttachmentStorage } from './attachments.js';
import { ATTACHMENT_CONTENT_TYPES, extensionOf, inlineDisposition, UPLOAD_FORM_LIFETIME_SECONDS, VIEW_LINK_LIFETIME_SECONDS } from './attachments.js';
import { callDependency } from './errors.js';

/** Every proof object lives under this prefix; the functions' IAM grants are limited to it. */
export const ATTACHMENT_KEY_PREFIX = 'attachments/';

const CONTENT_TYPES = new Map<string, AttachmentContentType>(ATTACHMENT_CONTENT_TYPES.map((type) => [extensionOf(type), type]));

/**
 * S3-backed attachments, keyed `attachments/<id>.<ext>`: the extension records the content type the upload form
 * enforced, so finding an upload needs only a prefix listing (s3:ListBucket), never read access to the proof.
 * The S3 SDK is loaded on first use: most requests never touch attachments, and cold starts should not pay for it.
 */
export function s3AttachmentStorage(bucket: string): AttachmentStorage {
  let client: Promise<S3Client> | undefined;
  const s3 = () => (client ??= import('@aws-sdk/client-s3').then(({ S3Client: Client }) => new Client({})));
  const findObject = (id: string) =>
    callDependency('S3', async () => {
      const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
      const listing = await (await s3()).send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${ATTACHMENT_KEY_PREFIX}${id}.`, MaxKeys: 1 }));
      return listing.Contents?.[0];
    });
  return {
    async createUploadForm(id: string, contentType: AttachmentContentType, maxBytes: number, returnTo?: string) {
      const { createPresignedPost } = await import('@aws-sdk/s3-presigned-post');
      // Signing needs the function's credentials, not a request to S3: it fails only if those cannot be had.
      const { url, fields } = await callDependency('S3', async () => createPresignedPost(await s3(), {
        Bucket: bucket,
        Key: `${ATTACHMENT_KEY_PREFIX}${id}.${extensionOf(contentType)}`,
        Conditions: [
          ['content-length-range', 1, maxBytes],
          ['eq', '$Content-Type', contentType],
          ...(returnTo ? [['eq', '$success_action_redirect', returnTo] as ['eq', string, string]] : []),
        ],
        Fields: { 'Content-Type': contentType, ...(returnTo ? { success_action_redirect: returnTo } : {}) },
        Expires: UPLOAD_FORM_LIFETIME_SECONDS,
      }));
      return { url, fields };
    },
    async describe(id: string) {
      const object = await findObject(id);
      const contentType = CONTENT_TYPES.get(object?.Key?.split('.').pop() ?? '');
      return object && contentType ? { id, contentType, size: object.Size ?? 0 } : undefined;
    },
    async firstBytes(id: string, count: number) {
      const object = await findObject(id);
      if (!object?.Key) throw new Error(`attachment ${id} is missing from storage`);
      const { GetObjectCommand } = await import('@aws-sdk/client-s3');
      // A ranged GET: only the bytes a type check needs, however large the proof.
      const key = object.Key;
      return await callDependency('S3', async () => {
        const response = await (await s3()).send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${count - 1}` }));
        return (await response.Body?.transformToByteArray()) ?? new Uint8Array();
      });
    },
    async viewUrl(id: string) {
      const object = await findObject(id);
      if (!object?.Key) throw new Error(`attachment ${id} is missing from storage`);
      const [{ GetObjectCommand }, { getSignedUrl }] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]);
      const key = object.Key;
      // S3 answers the signed link with these headers: the type the upload policy enforced, shown inline. (S3 cannot
      // add nosniff; the type is never text/html, and the first bytes were checked against it at submission.)
      const contentType = CONTENT_TYPES.get(key.split('.').pop() ?? '') ?? 'application/octet-stream';
      const command = new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentType: contentType, ResponseContentDisposition: inlineDisposition(contentType) });
      return await callDependency('S3', async () => getSignedUrl(await s3(), command, { expiresIn: VIEW_LINK_LIFETIME_SECONDS }));
    },
  };
}
