import { randomUUID } from 'node:crypto';
import { documentTypeByCode } from '../domain/index.js';
import { InvalidInput } from '../domain/errors.js';
import { isRecordId } from '../domain/record-ids.js';
import type { StoreContext } from '../store/client.js';
import { getDeclaration } from '../store/declaration-store.js';
import {
  ATTACHMENT_CONTENT_TYPES,
  MAX_ATTACHMENT_BYTES,
  type AttachmentContentType,
  type AttachmentStorage,
  type StoredAttachment,
  type UploadForm,
} from '../store/attachments.js';

export const MAX_ATTACHMENTS = 5;

/** Enough of a file for file-type to recognise JPEG, PNG and PDF (it reads at most 4,100 bytes for any type). */
export const SNIFFED_BYTES = 4_100;

/**
 * Whether a file's first bytes (magic numbers, read by `file-type`) are of the type it was declared as: a text file
 * named `.pdf`, or an HTML page sent as `image/png`, is not.
 */
export async function contentMatchesType(firstBytes: Uint8Array, declared: string): Promise<boolean> {
  const { fileTypeFromBuffer } = await import('file-type');
  return (await fileTypeFromBuffer(firstBytes))?.mime === declared;
}

type FieldError = InvalidInput['errors'][number];

const fieldError = (path: string, zh: string, en: string): FieldError => ({ path, message: { 'zh-CN': zh, en } });

function invalid(path: string, zh: string, en: string): InvalidInput {
  return new InvalidInput([fieldError(path, zh, en)]);
}

const CONTENT_TYPES = { zh: ATTACHMENT_CONTENT_TYPES.join('、'), en: ATTACHMENT_CONTENT_TYPES.join(', ') };
const MAX_MIB = MAX_ATTACHMENT_BYTES / (1024 * 1024);

function contentTypeError(contentType: unknown): FieldError | undefined {
  if (typeof contentType === 'string' && (ATTACHMENT_CONTENT_TYPES as readonly string[]).includes(contentType)) return undefined;
  return contentType === undefined
    ? fieldError('contentType', `请填写文件类型 contentType：${CONTENT_TYPES.zh} 之一。`, `contentType is required: one of ${CONTENT_TYPES.en}.`)
    : fieldError(
        'contentType',
        `仅支持 JPEG、PNG 图片或 PDF 文件：contentType 应为 ${CONTENT_TYPES.zh} 之一。`,
        `Only JPEG or PNG images and PDF files are accepted: contentType must be one of ${CONTENT_TYPES.en}.`,
      );
}

/**
 * The declared size bounds the upload form, so it must be the file's length in bytes. The value is never quoted
 * back: a number that long could be an ID.
 */
function sizeError(size: unknown): FieldError | undefined {
  if (typeof size === 'number' && Number.isInteger(size) && size >= 1 && size <= MAX_ATTACHMENT_BYTES) return undefined;
  const expected = {
    zh: `文件的字节数，1 到 ${MAX_ATTACHMENT_BYTES} 之间的整数（${MAX_MIB} MiB 以内）`,
    en: `the file's length in bytes, a whole number from 1 to ${MAX_ATTACHMENT_BYTES} (${MAX_MIB} MiB)`,
  };
  if (size === undefined || size === null) return fieldError('size', `请填写文件大小 size：${expected.zh}。`, `size is required: ${expected.en}.`);
  if (typeof size === 'number' && Number.isInteger(size) && size > MAX_ATTACHMENT_BYTES) {
    return fieldError('size', `文件超过 ${MAX_MIB} MiB，请压缩后或分成几个文件上传。`, `The file is larger than ${MAX_MIB} MiB; make it smaller or upload it as several files.`);
  }
  const given = typeof size === 'string' ? { zh: '（数字，不加引号）', en: ' (a number, not a string in quotes)' } : { zh: '', en: '' };
  return fieldError('size', `文件大小 size 应为${expected.zh}${given.zh}。`, `size must be ${expected.en}${given.en}.`);
}

/** Starts an upload: a new attachment id and the form the browser posts the file with. */
export async function startUpload(
  storage: AttachmentStorage,
  request: { contentType?: unknown; size?: unknown },
): Promise<{ id: string; upload: UploadForm; maxBytes: number }> {
  const errors = [contentTypeError(request.contentType), sizeError(request.size)].filter((error) => error !== undefined);
  if (errors.length > 0) throw new InvalidInput(errors);
  const id = randomUUID();
  const maxBytes = request.size as number;
  return { id, upload: await storage.createUploadForm(id, request.contentType as AttachmentContentType, maxBytes), maxBytes };
}

/**
 * Upload forms for a page without a script: it cannot read the file's type or size first, so it offers one form
 * per accepted type (the file picker filtered to it) for files up to the limit, each sending the browser back
 * to `returnTo` with the upload's key. The submission checks the stored bytes against the type as always.
 */
export async function startFormUploads(
  storage: AttachmentStorage,
  returnTo: string,
): Promise<{ contentType: AttachmentContentType; upload: UploadForm }[]> {
  return Promise.all(
    ATTACHMENT_CONTENT_TYPES.map(async (contentType) => ({
      contentType,
      upload: await storage.createUploadForm(randomUUID(), contentType, MAX_ATTACHMENT_BYTES, returnTo),
    })),
  );
}

/**
 * The attachments a declaration refers to, checked: each must have arrived in storage, and a document type that
 * needs proof (seals, invoices, business licences) must have at least one.
 */
export async function checkedAttachments(
  storage: AttachmentStorage,
  documentType: string,
  ids: unknown,
): Promise<StoredAttachment[]> {
  const list = ids === undefined ? [] : ids;
  if (!Array.isArray(list) || list.length > MAX_ATTACHMENTS || !list.every(isRecordId)) {
    throw invalid('attachments', `附件须为最多 ${MAX_ATTACHMENTS} 个已上传文件的编号。`, `attachments must list at most ${MAX_ATTACHMENTS} uploaded file ids.`);
  }
  const found = await Promise.all([...new Set(list as string[])].map((id) => storage.describe(id)));
  if (found.some((attachment) => attachment === undefined)) {
    throw invalid('attachments', '有附件尚未上传完成，请重新上传。', 'An attachment has not finished uploading; upload it again.');
  }
  const mismatched = await Promise.all(
    (found as StoredAttachment[]).map(async (attachment) => !(await contentMatchesType(await storage.firstBytes(attachment.id, SNIFFED_BYTES), attachment.contentType))),
  );
  if (mismatched.some(Boolean)) {
    throw invalid(
      'attachments',
      '有附件的内容与其文件类型不符（须为真实的 JPEG、PNG 图片或 PDF 文件），请重新上传。',
      'An attachment is not what its type says (it must be a real JPEG, PNG or PDF file); upload it again.',
    );
  }
  if (found.length === 0 && documentTypeByCode(documentType)?.requiresProof) {
    throw invalid(
      'attachments',
      '此类证件须上传证明材料（如报案回执或执照复印件）。',
      'This kind of document needs proof attached (e.g. the police report receipt or a copy of the licence).',
    );
  }
  return found as StoredAttachment[];
}

/**
 * A short-lived signed link to one proof file of a declaration, for staff (it opens in a browser tab, so it needs
 * no Authorization header); undefined when the declaration does not refer to that file.
 */
export async function proofLink(store: StoreContext, storage: AttachmentStorage, declarationId: string, attachmentId: string): Promise<string | undefined> {
  const declaration = await getDeclaration(store, declarationId);
  if (!declaration?.attachments.some((attachment) => attachment.id === attachmentId)) return undefined;
  return storage.viewUrl(attachmentId);
}
