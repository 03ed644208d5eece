/**
 * Proof attachments (police report receipts, licence copies). The browser uploads straight to storage with a
 * short-lived upload form; the API only hands out the form and later checks that the file arrived. In AWS the
 * storage is a private S3 bucket (presigned POST); locally a folder under DATA_DIR behind the same kind of form.
 */
export const ATTACHMENT_CONTENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const UPLOAD_FORM_LIFETIME_SECONDS = 15 * 60;

export interface UploadForm {
  /** Where the browser POSTs the multipart form, with `fields` first and the file last as `file`. */
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** The attachment id inside the object key the storage adds to a `returnTo` URL (`attachments/<id>.png`). */
export function attachmentIdFromKey(key: string): string | undefined {
  return /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(key)?.[0];
}

export interface StoredAttachment {
  readonly id: string;
  readonly contentType: string;
  readonly size: number;
}

export interface AttachmentStorage {
  /**
   * An upload form that accepts exactly one file of this type and at most `maxBytes`, for a little while. With
   * `returnTo` (an absolute URL) the browser is sent there after the upload, with the object's `key` added to
   * its query (S3's success_action_redirect), so a plain HTML form can upload without a script.
   */
  createUploadForm(id: string, contentType: AttachmentContentType, maxBytes: number, returnTo?: string): Promise<UploadForm>;
  /** The uploaded file's metadata, or undefined while nothing (valid) has arrived. */
  describe(id: string): Promise<StoredAttachment | undefined>;
  /** A short-lived link for staff to open the file. */
  viewUrl(id: string): Promise<string>;
  /** The file's first bytes (at most `count`), to check its content against its declared type. */
  firstBytes(id: string, count: number): Promise<Uint8Array>;
}
