import { documentTypeByCode } from './catalogue.js';
import { normalizeCertificateNumber } from './normalize.js';

/** A correction's `item`, `wrong` and `correct` are each at most this long. */
export const MAX_CORRECTION_TEXT = 64;

/**
 * Whether a correction (更正声明) corrects the certificate number, which decides whether the corrected number becomes
 * verifiable. Its `item` is free text as printed: the number is named by the field name `number`, by the document
 * type's own label for it (`证号`, `证书编码`, …) in either language, or by the generic `编号`/`号码`; and a `wrong`
 * value that is the notice's own number says so whatever the item is called.
 */
export function correctsCertificateNumber(correction: { item: string; wrong: string }, original: { documentType: string; numberKey?: string | undefined }): boolean {
  const item = correction.item.replace(/[\s:：]/gu, '').toLowerCase();
  const labels = documentTypeByCode(original.documentType)?.numberLabel;
  const names = ['number', '编号', '号码', '证件号码', ...(labels ? [labels['zh-CN'], labels.en.toLowerCase().replace(/\s/gu, '')] : [])];
  return names.includes(item) || (original.numberKey !== undefined && normalizeCertificateNumber(correction.wrong) === original.numberKey);
}
