/**
 * The document types a declaration can be about: labels, usual holder, the fields each takes (so a form can adapt),
 * number formats, and what proof the moderator asks for. Number labels follow the newspaper wording (WORDING.md §2).
 */
import { DOCUMENT_TYPE_CODES, type DocumentTypeCode } from './codes.js';
import { CHILD_RELATIONS, COPIES, MAX_LENGTH, type DocumentFieldName } from './declaration.js';
import { text, type Locale, type LocalizedText } from './localized.js';

export { DOCUMENT_TYPE_CODES, type DocumentTypeCode };

export type HolderKind = 'person' | 'organization';
/** How a field is entered; also decides its length limit and date checks. */
export type FieldKind = 'name' | 'number' | 'term' | 'date' | 'month_or_date' | 'year' | 'integer' | 'boolean' | 'choice';

interface Choice {
  readonly value: string;
  readonly label: LocalizedText;
}

interface DocumentFieldSpec {
  readonly kind: FieldKind;
  readonly label: LocalizedText;
  readonly choices?: readonly Choice[];
}

export const COPY_LABELS: Record<(typeof COPIES)[number], LocalizedText> = {
  original: text('正本', 'Original'),
  duplicate: text('副本', 'Duplicate'),
  both: text('正副本', 'Original and duplicate'),
};
const RELATION_LABELS: Record<(typeof CHILD_RELATIONS)[number], LocalizedText> = {
  son: text('之子', 'Son'),
  daughter: text('之女', 'Daughter'),
};

/** Default label and kind of every document field; a type may relabel a field (e.g. 发证机关 → 登记机关). */
export const DOCUMENT_FIELDS: Readonly<Record<DocumentFieldName, DocumentFieldSpec>> = {
  number: { kind: 'number', label: text('编号', 'Number') },
  issuer: { kind: 'name', label: text('发证机关', 'Issuing authority') },
  issuedOn: { kind: 'month_or_date', label: text('发证日期', 'Date of issue') },
  copy: {
    kind: 'choice',
    label: text('正本/副本', 'Original or duplicate'),
    choices: COPIES.map((value) => ({ value, label: COPY_LABELS[value] })),
  },
  label: { kind: 'term', label: text('证件名称', 'Name of the document') },
  invoiceKind: { kind: 'term', label: text('发票种类', 'Kind of invoice') },
  invoiceCode: { kind: 'number', label: text('发票代码', 'Invoice code') },
  numberTo: { kind: 'number', label: text('止号', 'Last number of the range') },
  count: { kind: 'integer', label: text('份数', 'Number of invoices') },
  blank: { kind: 'boolean', label: text('空白发票（未开具）', 'Blank (not yet issued)') },
  childName: { kind: 'name', label: text('孩子姓名', "Child's name") },
  childRelation: {
    kind: 'choice',
    label: text('孩子是声明人的', 'The child is the declarant’s'),
    choices: CHILD_RELATIONS.map((value) => ({ value, label: RELATION_LABELS[value] })),
  },
  fatherName: { kind: 'name', label: text('父亲姓名', "Father's name") },
  motherName: { kind: 'name', label: text('母亲姓名', "Mother's name") },
  birthDate: { kind: 'date', label: text('出生日期', 'Date of birth') },
  bankName: { kind: 'name', label: text('开户银行', 'Bank (branch)') },
  approvalNumber: { kind: 'number', label: text('核准号', 'Approval number') },
  plateNumber: { kind: 'number', label: text('车牌号', 'Plate number') },
  vehicleKind: { kind: 'term', label: text('车辆类型', 'Vehicle type') },
  archiveNumber: { kind: 'number', label: text('档案编号', 'File number') },
  level: { kind: 'term', label: text('级别', 'Level') },
  category: { kind: 'term', label: text('类别', 'Category') },
  school: { kind: 'name', label: text('学校', 'School') },
  educationLevel: { kind: 'term', label: text('层次', 'Level of study') },
  major: { kind: 'term', label: text('专业', 'Major') },
  year: { kind: 'year', label: text('颁发年份', 'Year awarded') },
  employer: { kind: 'name', label: text('工作单位', 'Employer') },
  sealHolderName: { kind: 'name', label: text('法定代表人姓名', "Legal representative's name") },
  operatorName: { kind: 'name', label: text('经营者姓名', "Operator's name") },
};

export const MAX_LENGTH_BY_KIND: Partial<Record<FieldKind, number>> = {
  name: MAX_LENGTH.name,
  number: MAX_LENGTH.number,
  term: MAX_LENGTH.term,
};

/** What a type says about one of its fields; absent from a type's list means the field does not apply. */
interface FieldRule {
  readonly required?: boolean;
  readonly label?: LocalizedText;
  readonly hint?: LocalizedText;
  /** Usual format, checked on the normalized value; a mismatch is only a warning (formats vary by year and place). */
  readonly pattern?: RegExp;
}

type FieldRules = Partial<Record<DocumentFieldName, FieldRule>>;

interface DocumentTypeSpec {
  readonly code: DocumentTypeCode;
  readonly label: LocalizedText;
  /** Who usually declares it, the usual one first; any other declarant type gets a warning. */
  readonly holders: readonly [HolderKind, ...HolderKind[]];
  readonly fields: FieldRules & { readonly number: FieldRule & { readonly label: LocalizedText; readonly hint: LocalizedText } };
  /** What the moderator asks to see before approving, if anything. */
  readonly proof?: LocalizedText;
  /** Seals are counted `一枚` and often have no printed number. */
  readonly seal?: true;
}

export interface DocumentTypeField {
  readonly name: DocumentFieldName;
  readonly label: LocalizedText;
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly maxLength?: number;
  readonly choices?: readonly Choice[];
  readonly hint?: LocalizedText;
  readonly pattern?: RegExp;
}

export interface DocumentType {
  readonly code: DocumentTypeCode;
  readonly label: LocalizedText;
  readonly holders: readonly HolderKind[];
  /** The usual holder (contract: `holder`). */
  readonly holder: HolderKind;
  readonly numberLabel: LocalizedText;
  readonly numberHint: { readonly text: LocalizedText; readonly pattern?: RegExp };
  /** Every field that applies, `number` first. */
  readonly fields: readonly DocumentTypeField[];
  readonly requiresProof: boolean;
  readonly proof?: LocalizedText;
  /** Whether the document exists as 正本/副本 (the `copy` field applies). */
  readonly takesCopy: boolean;
  /** A seal: counted `一枚`, number optional. */
  readonly isSeal: boolean;
}

const POLICE_REPORT = text('公安机关出具的报案回执', 'The receipt of the report to the police');
const LICENCE_COPY = text('营业执照复印件', 'A copy of the business licence');
const ISSUER_AND_DATE = { issuer: {}, issuedOn: {} } as const;
const CHINESE_CHAR = '[\\u4e00-\\u9fff]';

function sealType(code: DocumentTypeCode, zh: string, en: string, extra: Omit<FieldRules, 'number'> = {}): DocumentTypeSpec {
  return {
    code,
    seal: true,
    label: text(zh, en),
    holders: ['organization'],
    fields: {
      number: {
        label: text('编号', 'Seal number'),
        hint: text('公安备案的 13 位印章编码；印章上没有可不填', 'The 13-digit police registration code; leave empty if the seal has none'),
        pattern: /^\d{13}$/,
      },
      ...extra,
    },
    proof: POLICE_REPORT,
  };
}

const SPECS: readonly DocumentTypeSpec[] = [
  {
    code: 'resident_id_card',
    label: text('居民身份证', 'Resident identity card'),
    holders: ['person'],
    fields: {
      number: { required: true, label: text('证号', 'ID number'), hint: text('18 位公民身份号码', 'The 18-character citizen ID number') },
      issuer: { label: text('签发机关', 'Issuing authority') },
    },
  },
  {
    code: 'business_license',
    label: text('营业执照', 'Business licence'),
    holders: ['organization'],
    fields: {
      number: {
        required: true,
        label: text('统一社会信用代码', 'Unified social credit code'),
        hint: text('18 位统一社会信用代码；旧执照为 15 位注册号', 'The 18-character unified social credit code; older licences: the 15-digit registration number'),
      },
      copy: {},
      operatorName: { hint: text('个体工商户填写经营者', 'For an individual business, its operator') },
      issuer: { label: text('登记机关', 'Registration authority') },
      issuedOn: { label: text('核发日期', 'Date of issue') },
    },
    proof: LICENCE_COPY,
  },
  sealType('official_seal', '公章', 'Official seal'),
  sealType('finance_seal', '财务专用章', 'Finance seal'),
  sealType('contract_seal', '合同专用章', 'Contract seal'),
  sealType('invoice_seal', '发票专用章', 'Invoice seal'),
  sealType('legal_representative_seal', '法定代表人名章', "Legal representative's seal", {
    sealHolderName: { required: true },
  }),
  {
    code: 'physician_practicing_certificate',
    label: text('医师执业证书', 'Physician practising certificate'),
    holders: ['person'],
    fields: {
      number: { required: true, label: text('证书编码', 'Certificate code'), hint: text('15 位数字', '15 digits'), pattern: /^\d{15}$/ },
      employer: { label: text('执业单位', 'Place of practice') },
      ...ISSUER_AND_DATE,
    },
  },
  {
    code: 'physician_qualification_certificate',
    label: text('医师资格证书', 'Physician qualification certificate'),
    holders: ['person'],
    fields: {
      number: {
        required: true,
        label: text('证书编码', 'Certificate code'),
        hint: text('一般为 20 位以上数字，末尾为持证人身份证号', 'Usually 20+ digits ending with the holder’s ID number'),
        pattern: /^\d{20,32}X?$/,
      },
      level: { hint: text('如：执业医师、执业助理医师', 'E.g. 执业医师 (physician), 执业助理医师 (assistant)') },
      category: { hint: text('如：临床、中医、口腔、公共卫生', 'E.g. 临床 (clinical), 中医, 口腔, 公共卫生') },
      ...ISSUER_AND_DATE,
    },
  },
  {
    code: 'nurse_practicing_certificate',
    label: text('护士执业证书', 'Nurse practising certificate'),
    holders: ['person'],
    fields: {
      number: { required: true, label: text('证书编号', 'Certificate number'), hint: text('12 位数字', '12 digits'), pattern: /^\d{12}$/ },
      employer: {},
      ...ISSUER_AND_DATE,
    },
  },
  {
    code: 'medical_institution_license',
    label: text('医疗机构执业许可证', 'Medical institution practising licence'),
    holders: ['organization'],
    fields: {
      number: {
        required: true,
        label: text('登记号', 'Registration number'),
        hint: text('22 位字母和数字，第 10–15 位为行政区划代码', '22 letters and digits; positions 10–15 are the area code'),
        pattern: /^[0-9A-Z]{9}\d{6}[0-9A-Z]{7}$/,
      },
      copy: { required: true },
      ...ISSUER_AND_DATE,
    },
  },
  {
    code: 'birth_medical_certificate',
    label: text('出生医学证明', 'Birth medical certificate'),
    holders: ['person'],
    fields: {
      number: { required: true, label: text('编号', 'Certificate number'), hint: text('1 个字母加 9 位数字', 'A letter and 9 digits'), pattern: /^[A-Z]\d{9}$/ },
      childName: { required: true },
      childRelation: { hint: text('声明人是孩子的父亲或母亲时选择', 'When the declarant is the child’s parent') },
      fatherName: {},
      motherName: {},
      birthDate: {},
      issuer: { label: text('签发机构', 'Issuing institution') },
    },
  },
  {
    code: 'drug_business_license',
    label: text('药品经营许可证', 'Drug business licence'),
    holders: ['organization'],
    fields: {
      number: {
        required: true,
        label: text('证号', 'Licence number'),
        hint: text('省份简称 + 字母 + 数字，如 鲁AA5310123', 'Province abbreviation + letters + digits, e.g. 鲁AA5310123'),
        pattern: new RegExp(`^${CHINESE_CHAR}[A-Z]{2}\\d{7}$`),
      },
      copy: {},
      ...ISSUER_AND_DATE,
    },
  },
  {
    code: 'food_business_license',
    label: text('食品经营许可证', 'Food business licence'),
    holders: ['organization'],
    fields: {
      number: { required: true, label: text('许可证编号', 'Licence number'), hint: text('JY 加 14 位数字', 'JY followed by 14 digits'), pattern: /^JY\d{14}$/ },
      copy: {},
      ...ISSUER_AND_DATE,
    },
  },
  {
    code: 'bank_account_permit',
    label: text('开户许可证', 'Bank account opening permit'),
    holders: ['organization'],
    fields: {
      number: { required: true, label: text('编号', 'Permit number'), hint: text('如 4510-01234567', 'E.g. 4510-01234567'), pattern: /^\d{10,12}$/ },
      bankName: { required: true, hint: text('开户银行全称，如 中国工商银行股份有限公司济南某某支行', 'The full name of the bank branch') },
      approvalNumber: { required: true, hint: text('J 加 13 位数字', 'J followed by 13 digits'), pattern: /^J\d{13}$/ },
    },
  },
  {
    code: 'invoice',
    label: text('发票', 'Invoice'),
    holders: ['organization'],
    fields: {
      number: {
        required: true,
        label: text('发票号码', 'Invoice number'),
        hint: text('8 位数字（全电发票 20 位）；连号多份时填起号', '8 digits (20 for fully digital invoices); for a run, the first number'),
        pattern: /^(\d{8}|\d{20})$/,
      },
      invoiceKind: { required: true, hint: text('如：增值税专用发票、增值税普通发票', 'E.g. 增值税专用发票 (special VAT invoice)') },
      invoiceCode: { hint: text('10 或 12 位数字；全电发票没有', '10 or 12 digits; fully digital invoices have none'), pattern: /^(\d{10}|\d{12})$/ },
      numberTo: { hint: text('连号多份时填止号', 'For a run of invoices, the last number') },
      count: {},
      blank: {},
    },
    proof: POLICE_REPORT,
  },
  {
    code: 'real_estate_certificate',
    label: text('不动产权证书', 'Real estate title certificate'),
    holders: ['person', 'organization'],
    fields: {
      number: {
        required: true,
        label: text('证号', 'Certificate number'),
        hint: text('如 鲁（2019）济南市不动产权第0123456号', 'E.g. 鲁（2019）济南市不动产权第0123456号'),
        pattern: new RegExp(`^${CHINESE_CHAR}\\d{4}${CHINESE_CHAR}+不动产权第\\d+号$`),
      },
      issuer: { label: text('登记机构', 'Registration authority') },
      issuedOn: { label: text('登簿日期', 'Date of registration') },
    },
  },
  {
    code: 'driving_license',
    label: text('机动车驾驶证', 'Driving licence'),
    holders: ['person'],
    fields: {
      number: { required: true, label: text('证号', 'Licence number'), hint: text('即持证人的 18 位身份证号码', 'The holder’s 18-character ID number') },
      archiveNumber: { hint: text('12 位数字', '12 digits'), pattern: /^\d{12}$/ },
      issuer: {},
    },
  },
  {
    code: 'vehicle_license',
    label: text('机动车行驶证', 'Vehicle licence'),
    holders: ['person', 'organization'],
    fields: {
      number: {
        required: true,
        label: text('号牌号码', 'Plate number'),
        hint: text('如 鲁A·12345', 'E.g. 鲁A·12345'),
        pattern: new RegExp(`^${CHINESE_CHAR}[A-Z][0-9A-Z]{5,6}$`),
      },
      vehicleKind: { hint: text('如：小型轿车、重型半挂牵引车', 'E.g. 小型轿车 (small car)') },
    },
  },
  {
    code: 'road_transport_permit',
    label: text('道路运输证', 'Road transport permit'),
    holders: ['organization', 'person'],
    fields: {
      number: { required: true, label: text('证号', 'Permit number'), hint: text('12 位数字', '12 digits'), pattern: /^\d{12}$/ },
      plateNumber: {
        required: true,
        hint: text('如 鲁A·12345', 'E.g. 鲁A·12345'),
        pattern: new RegExp(`^${CHINESE_CHAR}[A-Z][0-9A-Z]{5,6}$`),
      },
      ...ISSUER_AND_DATE,
    },
  },
  {
    code: 'graduation_certificate',
    label: text('毕业证书', 'Graduation certificate'),
    holders: ['person'],
    fields: {
      number: { required: true, label: text('证书编号', 'Certificate number'), hint: text('18 位数字', '18 digits'), pattern: /^\d{18}$/ },
      school: { required: true },
      educationLevel: { hint: text('如：本科、专科、硕士研究生', 'E.g. 本科 (bachelor), 专科 (associate)') },
      major: {},
      year: {},
    },
  },
  {
    code: 'degree_certificate',
    label: text('学位证书', 'Degree certificate'),
    holders: ['person'],
    fields: {
      number: { required: true, label: text('证书编号', 'Certificate number'), hint: text('16 位数字', '16 digits'), pattern: /^\d{16}$/ },
      school: { required: true },
      educationLevel: { label: text('学位', 'Degree'), hint: text('如：学士、硕士、博士', 'E.g. 学士 (bachelor), 硕士 (master), 博士 (doctor)') },
      major: {},
      year: {},
    },
  },
  {
    code: 'microfinance_license',
    label: text('小额贷款公司经营许可证', 'Microfinance company business licence'),
    holders: ['organization'],
    fields: {
      number: { required: true, label: text('许可证编号', 'Licence number'), hint: text('如 鲁123456789', 'E.g. 鲁123456789') },
      copy: {},
      ...ISSUER_AND_DATE,
    },
  },
  {
    code: 'other',
    label: text('其他证件', 'Other document'),
    holders: ['person', 'organization'],
    fields: {
      number: { required: true, label: text('编号', 'Number'), hint: text('证件上的编号', 'The number on the document') },
      label: { required: true, hint: text('证件全称，如：会员证', 'The full name of the document') },
      ...ISSUER_AND_DATE,
    },
  },
];

function build(spec: DocumentTypeSpec): DocumentType {
  const fields = (Object.entries(spec.fields) as [DocumentFieldName, FieldRule][]).map(([name, rule]): DocumentTypeField => {
    const field = DOCUMENT_FIELDS[name];
    const maxLength = MAX_LENGTH_BY_KIND[field.kind];
    return {
      name,
      label: rule.label ?? field.label,
      kind: field.kind,
      required: rule.required ?? false,
      ...(maxLength !== undefined ? { maxLength } : {}),
      ...(field.choices ? { choices: field.choices } : {}),
      ...(rule.hint ? { hint: rule.hint } : {}),
      ...(rule.pattern ? { pattern: rule.pattern } : {}),
    };
  });
  const number = spec.fields.number;
  return {
    code: spec.code,
    label: spec.label,
    holders: spec.holders,
    holder: spec.holders[0],
    numberLabel: number.label,
    numberHint: { text: number.hint, ...(number.pattern ? { pattern: number.pattern } : {}) },
    fields,
    requiresProof: spec.proof !== undefined,
    ...(spec.proof ? { proof: spec.proof } : {}),
    takesCopy: 'copy' in spec.fields,
    isSeal: spec.seal === true,
  };
}

export const DOCUMENT_TYPES: readonly DocumentType[] = SPECS.map(build);

const BY_CODE = new Map(DOCUMENT_TYPES.map((type) => [type.code, type]));

export function documentTypeByCode(code: string): DocumentType | undefined {
  return BY_CODE.get(code as DocumentTypeCode);
}

/** A field of the public catalogue, in one language and JSON-safe (patterns as source strings). */
export interface PublicDocumentTypeField {
  readonly name: DocumentFieldName;
  readonly label: string;
  readonly input: FieldKind;
  readonly required: boolean;
  readonly maxLength?: number;
  readonly choices?: readonly { value: string; label: string }[];
  readonly hint?: string;
  readonly pattern?: string;
}

export interface PublicDocumentType {
  readonly code: DocumentTypeCode;
  readonly label: string;
  readonly labels: LocalizedText;
  readonly holder: HolderKind;
  readonly holders: readonly HolderKind[];
  readonly numberLabel: string;
  readonly numberHint: { readonly text: string; readonly pattern?: string };
  readonly fields: readonly PublicDocumentTypeField[];
  readonly requiresProof: boolean;
  readonly proof?: string;
  readonly takesCopy: boolean;
}

/** The catalogue as `GET /api/v1/document-types` serves it, in the caller's language. */
export function publicCatalogue(locale: Locale = 'zh-CN'): PublicDocumentType[] {
  return DOCUMENT_TYPES.map((type) => ({
    code: type.code,
    label: type.label[locale],
    labels: type.label,
    holder: type.holder,
    holders: type.holders,
    numberLabel: type.numberLabel[locale],
    numberHint: { text: type.numberHint.text[locale], ...(type.numberHint.pattern ? { pattern: type.numberHint.pattern.source } : {}) },
    fields: type.fields.map((field) => ({
      name: field.name,
      label: field.label[locale],
      input: field.kind,
      required: field.required,
      ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
      ...(field.choices ? { choices: field.choices.map((choice) => ({ value: choice.value, label: choice.label[locale] })) } : {}),
      ...(field.hint ? { hint: field.hint[locale] } : {}),
      ...(field.pattern ? { pattern: field.pattern.source } : {}),
    })),
    requiresProof: type.requiresProof,
    ...(type.proof ? { proof: type.proof[locale] } : {}),
    takesCopy: type.takesCopy,
  }));
}
