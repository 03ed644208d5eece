import type { S3Client } from '@aws-sdk/client-s3';
import type { AttachmentContentType, AttachmentStorage } from './attachments.js';
import { UPLOAD_FORM_LIFETIME_SECONDS } from './attachments.js';

const objectKey = (id: string) => `attachments/${id}`;

/**
 * S3-backed attachments. The S3 SDK is loaded on first use: most requests never touch attachments, and cold
 * starts should not pay for it.
 */
export function s3AttachmentStorage(bucket: string): AttachmentStorage {
  let client: Promise<S3Client> | undefined;
  const s3 = () => (client ??= import('@aws-sdk/client-s3').then(({ S3Client: Client }) => new Client({})));
  return {
    async createUploadForm(id: string, contentType: AttachmentContentType, maxBytes: number) {
      const { createPresignedPost } = await import('@aws-sdk/s3-presigned-post');
      const { url, fields } = await createPresignedPost(await s3(), {
        Bucket: bucket,
        Key: objectKey(id),
        Conditions: [
          ['content-length-range', 1, maxBytes],
          ['eq', '$Content-Type', contentType],
        ],
        Fields: { 'Content-Type': contentType },
        Expires: UPLOAD_FORM_LIFETIME_SECONDS,
      });
      return { url, fields };
    },
    async describe(id: string) {
      const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
      try {
        const head = await (await s3()).send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(id) }));
        return { id, contentType: head.ContentType ?? 'application/octet-stream', size: head.ContentLength ?? 0 };
      } catch (error) {
        if (error instanceof Error && (error.name === 'NotFound' || error.name === 'NoSuchKey')) return undefined;
        throw error;
      }
    },
    async viewUrl(id: string) {
      const [{ GetObjectCommand }, { getSignedUrl }] = await Promise.all([
        import('@aws-sdk/client-s3'),
        import('@aws-sdk/s3-request-presigner'),
      ]);
      return getSignedUrl(await s3(), new GetObjectCommand({ Bucket: bucket, Key: objectKey(id) }), { expiresIn: 300 });
    },
  };
}
