import type { DocumentTypeCode } from '../../../shared/domain/index.js';
import { creditCode, residentId } from './reference.js';

export const TODAY = '2025-01-15';
export const HOLDER_ID = residentId('370102', '19900307', '123');
export const HOLDER_ID_MASKED = `370102********${HOLDER_ID.slice(-4)}`;
export const CREDIT_CODE = creditCode('91370102MA3C12345');
export const PHONE = '13812345678';

export const PERSON = { type: 'person', name: '张三' } as const;
export const COMPANY = { type: 'organization', name: '济南某某有限公司' } as const;

export interface Fixture {
  readonly declarant: { readonly type: 'person' | 'organization'; readonly name: string };
  readonly document: Readonly<Record<string, unknown>> & { readonly type: DocumentTypeCode };
}

/** One valid declaration per document type, with the type's typical fields. */
export const FIXTURES: Readonly<Record<DocumentTypeCode, Fixture>> = {
  resident_id_card: { declarant: PERSON, document: { type: 'resident_id_card', number: HOLDER_ID } },
  business_license: {
    declarant: { type: 'organization', name: '济南某某医院有限公司' },
    document: { type: 'business_license', number: CREDIT_CODE, copy: 'duplicate' },
  },
  official_seal: { declarant: { type: 'organization', name: '某某公司' }, document: { type: 'official_seal' } },
  finance_seal: { declarant: COMPANY, document: { type: 'finance_seal', number: '3701020012345' } },
  contract_seal: { declarant: COMPANY, document: { type: 'contract_seal' } },
  invoice_seal: { declarant: COMPANY, document: { type: 'invoice_seal' } },
  legal_representative_seal: { declarant: COMPANY, document: { type: 'legal_representative_seal', sealHolderName: '张三' } },
  physician_practicing_certificate: { declarant: PERSON, document: { type: 'physician_practicing_certificate', number: '110370100012345' } },
  physician_qualification_certificate: {
    declarant: PERSON,
    document: {
      type: 'physician_qualification_certificate',
      number: `200937141${HOLDER_ID}`,
      level: '执业医师',
      category: '临床',
      issuedOn: '2009-08',
    },
  },
  nurse_practicing_certificate: {
    declarant: PERSON,
    document: { type: 'nurse_practicing_certificate', number: '201937001234', employer: '济南市某某医院' },
  },
  medical_institution_license: {
    declarant: { type: 'organization', name: '济南市历下区某某诊所' },
    document: { type: 'medical_institution_license', number: 'PDY12345637010217D2192', copy: 'original', issuer: '济南市历下区卫生健康局' },
  },
  birth_medical_certificate: {
    declarant: { type: 'person', name: '王五' },
    document: { type: 'birth_medical_certificate', number: 'P123456789', childName: '张三', childRelation: 'son' },
  },
  drug_business_license: {
    declarant: { type: 'organization', name: '济南某某大药房有限公司' },
    document: { type: 'drug_business_license', number: '鲁AA5310123', copy: 'original' },
  },
  food_business_license: {
    declarant: { type: 'organization', name: '济南市历下区某某饭店' },
    document: { type: 'food_business_license', number: 'JY23701020012345', copy: 'original' },
  },
  bank_account_permit: {
    declarant: COMPANY,
    document: { type: 'bank_account_permit', bankName: '中国工商银行股份有限公司济南某某支行', approvalNumber: 'J4510001234567', number: '4510-01234567' },
  },
  invoice: {
    declarant: { type: 'organization', name: '济南某某商贸有限公司' },
    document: { type: 'invoice', invoiceKind: '增值税专用发票', blank: true, invoiceCode: '3700123456', number: '00000001', numberTo: '00000003' },
  },
  real_estate_certificate: { declarant: PERSON, document: { type: 'real_estate_certificate', number: '鲁(2019)济南市不动产权第0123456号' } },
  driving_license: { declarant: PERSON, document: { type: 'driving_license', number: HOLDER_ID, archiveNumber: '370100123456' } },
  vehicle_license: { declarant: PERSON, document: { type: 'vehicle_license', number: '鲁A·12345', vehicleKind: '小型轿车' } },
  road_transport_permit: {
    declarant: { type: 'organization', name: '济南某某运输有限公司' },
    document: { type: 'road_transport_permit', number: '370100123456', plateNumber: '鲁A·12345' },
  },
  graduation_certificate: {
    declarant: PERSON,
    document: { type: 'graduation_certificate', school: '山东大学', year: '2015', educationLevel: '本科', number: '104221201505001234' },
  },
  degree_certificate: {
    declarant: PERSON,
    document: { type: 'degree_certificate', school: '山东大学', educationLevel: '学士', number: '1042242015001234' },
  },
  microfinance_license: {
    declarant: { type: 'organization', name: '济南市某某小额贷款股份有限公司' },
    document: { type: 'microfinance_license', number: '鲁123456789', copy: 'original' },
  },
  other: { declarant: PERSON, document: { type: 'other', label: '会员证', number: 'A123' } },
};

/** A complete request body for a fixture, with overrides. */
export function body(fixture: Fixture, extra: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return { kind: 'loss', declarant: fixture.declarant, document: fixture.document, contact: { phone: PHONE }, ...extra };
}
