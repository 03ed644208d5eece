import { toJSONSchema } from 'zod/mini';
import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_FIELDS,
  DOCUMENT_TYPES,
  declarationInputSchema,
  documentTypeByCode,
  publicCatalogue,
} from '../../../shared/domain/index.js';

const CONTRACT_CODES = {
  resident_id_card: '居民身份证',
  business_license: '营业执照',
  official_seal: '公章',
  finance_seal: '财务专用章',
  contract_seal: '合同专用章',
  invoice_seal: '发票专用章',
  legal_representative_seal: '法定代表人名章',
  physician_practicing_certificate: '医师执业证书',
  physician_qualification_certificate: '医师资格证书',
  nurse_practicing_certificate: '护士执业证书',
  medical_institution_license: '医疗机构执业许可证',
  birth_medical_certificate: '出生医学证明',
  drug_business_license: '药品经营许可证',
  food_business_license: '食品经营许可证',
  bank_account_permit: '开户许可证',
  invoice: '发票',
  real_estate_certificate: '不动产权证书',
  driving_license: '机动车驾驶证',
  vehicle_license: '机动车行驶证',
  road_transport_permit: '道路运输证',
  graduation_certificate: '毕业证书',
  degree_certificate: '学位证书',
  microfinance_license: '小额贷款公司经营许可证',
  other: '其他证件',
} as const;

describe('the document catalogue', () => {
  it('has exactly the contract codes, once each, with the contract names', () => {
    expect(DOCUMENT_TYPES.map((type) => type.code).sort()).toEqual(Object.keys(CONTRACT_CODES).sort());
    for (const type of DOCUMENT_TYPES) expect(type.label['zh-CN']).toBe(CONTRACT_CODES[type.code]);
  });

  it('looks types up by code', () => {
    expect(documentTypeByCode('invoice')?.numberLabel['zh-CN']).toBe('发票号码');
    expect(documentTypeByCode('passport')).toBeUndefined();
    expect(documentTypeByCode('constructor')).toBeUndefined();
  });

  it('uses the newspapers’ number labels', () => {
    const labels = Object.fromEntries(DOCUMENT_TYPES.map((type) => [type.code, type.numberLabel['zh-CN']]));
    expect(labels).toMatchObject({
      physician_practicing_certificate: '证书编码',
      business_license: '统一社会信用代码',
      medical_institution_license: '登记号',
      food_business_license: '许可证编号',
      bank_account_permit: '编号',
      official_seal: '编号',
      vehicle_license: '号牌号码',
    });
    expect(documentTypeByCode('bank_account_permit')?.fields.find((field) => field.name === 'approvalNumber')?.label['zh-CN']).toBe('核准号');
  });

  it('asks for proof for seals, invoices and business licences only', () => {
    const withProof = DOCUMENT_TYPES.filter((type) => type.requiresProof).map((type) => type.code).sort();
    expect(withProof).toEqual(
      ['business_license', 'contract_seal', 'finance_seal', 'invoice', 'invoice_seal', 'legal_representative_seal', 'official_seal'].sort(),
    );
    for (const type of DOCUMENT_TYPES) expect(type.proof !== undefined).toBe(type.requiresProof);
  });

  it('requires a number for every type except seals', () => {
    for (const type of DOCUMENT_TYPES) {
      const number = type.fields[0];
      expect(number?.name).toBe('number');
      expect(number?.required).toBe(!type.isSeal);
    }
    expect(DOCUMENT_TYPES.filter((type) => type.isSeal)).toHaveLength(5);
  });

  it('knows which documents exist as 正本/副本', () => {
    expect(DOCUMENT_TYPES.filter((type) => type.takesCopy).map((type) => type.code).sort()).toEqual(
      ['business_license', 'drug_business_license', 'food_business_license', 'medical_institution_license', 'microfinance_license'].sort(),
    );
  });

  it('names the usual holder as the contract allows', () => {
    for (const type of DOCUMENT_TYPES) {
      expect(['person', 'organization']).toContain(type.holder);
      expect(type.holders[0]).toBe(type.holder);
    }
    expect(documentTypeByCode('official_seal')?.holder).toBe('organization');
    expect(documentTypeByCode('physician_practicing_certificate')?.holder).toBe('person');
  });

  it('labels every field in both languages', () => {
    for (const type of DOCUMENT_TYPES) {
      for (const field of type.fields) {
        expect(field.label['zh-CN']).not.toBe('');
        expect(field.label.en).not.toBe('');
      }
      expect(type.numberHint.text.en).not.toBe('');
    }
  });

  it('agrees with the schema on every length limit', () => {
    const schema = toJSONSchema(declarationInputSchema()) as unknown as { properties: { document: { properties: Record<string, { maxLength?: number }> } } };
    const documentProperties = schema.properties.document.properties;
    for (const type of DOCUMENT_TYPES) {
      for (const field of type.fields) expect(documentProperties[field.name]?.maxLength).toBe(field.maxLength);
    }
    expect(Object.keys(documentProperties).sort()).toEqual(['type', ...Object.keys(DOCUMENT_FIELDS)].sort());
  });
});

describe('publicCatalogue', () => {
  it('is JSON-safe (regular expressions as source strings)', () => {
    const catalogue = publicCatalogue();
    expect(JSON.parse(JSON.stringify(catalogue))).toEqual(catalogue);
    const food = catalogue.find((type) => type.code === 'food_business_license');
    expect(food?.numberHint.pattern).toBe('^JY\\d{14}$');
    expect(new RegExp(food?.numberHint.pattern ?? '').test('JY23701020012345')).toBe(true);
  });

  it('speaks Chinese by default and English on request', () => {
    const zh = publicCatalogue().find((type) => type.code === 'birth_medical_certificate');
    const en = publicCatalogue('en').find((type) => type.code === 'birth_medical_certificate');
    expect(zh).toMatchObject({ label: '出生医学证明', holder: 'person', numberLabel: '编号' });
    expect(en).toMatchObject({ label: 'Birth medical certificate', labels: { 'zh-CN': '出生医学证明' } });
    expect(en?.fields.find((field) => field.name === 'childRelation')).toEqual({
      name: 'childRelation',
      label: 'The child is the declarant’s',
      input: 'choice',
      required: false,
      choices: [
        { value: 'son', label: 'Son' },
        { value: 'daughter', label: 'Daughter' },
      ],
      hint: 'When the declarant is the child’s parent',
    });
  });

  it('tells a form which fields a type requires', () => {
    const bank = publicCatalogue().find((type) => type.code === 'bank_account_permit');
    expect(bank?.fields.filter((field) => field.required).map((field) => field.name)).toEqual(['number', 'bankName', 'approvalNumber']);
  });
});
