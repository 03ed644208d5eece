/** Document type codes (contract, `GET /api/v1/document-types`). Kept apart so the schema and catalogue share them. */
export const DOCUMENT_TYPE_CODES = [
  'resident_id_card',
  'business_license',
  'official_seal',
  'finance_seal',
  'contract_seal',
  'invoice_seal',
  'legal_representative_seal',
  'physician_practicing_certificate',
  'physician_qualification_certificate',
  'nurse_practicing_certificate',
  'medical_institution_license',
  'birth_medical_certificate',
  'drug_business_license',
  'food_business_license',
  'bank_account_permit',
  'invoice',
  'real_estate_certificate',
  'driving_license',
  'vehicle_license',
  'road_transport_permit',
  'graduation_certificate',
  'degree_certificate',
  'microfinance_license',
  'other',
] as const;

export type DocumentTypeCode = (typeof DOCUMENT_TYPE_CODES)[number];
