/**
 * Proof attachments (police report receipts, licence copies). The browser uploads straight to storage with a
 * short-lived upload form; the API only hands out the form and later checks that the file arrived. In AWS the
 * storage is a private S3 bucket (presigned POST); locally a folder under DATA_DIR behind the same kind of form.
 */
export const ATTACHMENT_CONTENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const UPLOAD_FORM_LIFETIME_SECONDS = 15 * 60;
/** A staff link to a proof: long enough to open it, short enough that a copied link soon opens nothing. */
export const VIEW_LINK_LIFETIME_SECONDS = 5 * 60;

const EXTENSIONS: Record<AttachmentContentType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };

/** The file extension that records a content type (S3 keys, download names). */
export function extensionOf(contentType: AttachmentContentType): string {
  return EXTENSIONS[contentType];
}

/** How a proof is served to staff: shown in the tab under a plain name, never downloaded or run as a page. */
export function inlineDisposition(contentType: string): string {
  const extension = (ATTACHMENT_CONTENT_TYPES as readonly string[]).includes(contentType) ? extensionOf(contentType as AttachmentContentType) : 'bin';
  return `inline; filename="proof.${extension}"`;
}

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
  /**
   * A short-lived signed link (VIEW_LINK_LIFETIME_SECONDS) for staff to open the file in a browser tab: served
   * inline with its own content type; an expired or altered link is refused.
   */
  viewUrl(id: string): Promise<string>;
  /** The file's first bytes (at most `count`), to check its content against its declared type. */
  firstBytes(id: string, count: number): Promise<Uint8Array>;
}
