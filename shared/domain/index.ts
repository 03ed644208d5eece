/** The declarations domain: pure functions, no I/O and no clock (callers pass `today`). */
export {
  DOCUMENT_FIELDS,
  DOCUMENT_TYPES,
  DOCUMENT_TYPE_CODES,
  documentTypeByCode,
  publicCatalogue,
  type DocumentType,
  type DocumentTypeCode,
  type DocumentTypeField,
  type FieldKind,
  type HolderKind,
  type PublicDocumentType,
  type PublicDocumentTypeField,
} from './catalogue.js';
export {
  declarationInputSchema,
  MAX_LENGTH,
  type Copy,
  type Declarant,
  type DeclarationInput,
  type DeclarationKind,
  type DocumentFieldName,
  type DocumentInput,
} from './declaration.js';
export { DEFAULT_TARIFF, estimateFee, type FeeEstimate, type Tariff } from './fee.js';
export type { FieldError, Locale, LocalizedText, Warning } from './localized.js';
export { containsSensitiveNumber, maskMobile, maskResidentId, maskSensitiveText, sensitiveNumbersIn } from './mask.js';
export { refusedNameCharacter } from './names.js';
export { maskedCertificateNumber, normalizeCertificateNumber } from './normalize.js';
export { previewDeclaration, type DeclarationPreview, type PreviewResult } from './preview.js';
export {
  validateCreditCode,
  validateDate,
  validateDeclaration,
  validateContactPhone,
  validateMobile,
  validateResidentId,
  type Checked,
  type CreditCodeChecked,
  type ValidationResult,
} from './validation.js';
export { fieldsNamedIn } from './review-remarks.js';
export { renderCorrectionNotice, renderNotice, type CorrectionInput } from './wording.js';
