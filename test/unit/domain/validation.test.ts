import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPE_CODES, containsSensitiveNumber, validateDeclaration, type FieldError } from '../../../shared/domain/index.js';
import { COMPANY, CREDIT_CODE, FIXTURES, HOLDER_ID, PERSON, PHONE, TODAY, body } from './fixtures.js';
import { creditCode, residentId, withWrongCheck } from './reference.js';

const options = { today: TODAY };
const physician = FIXTURES.physician_practicing_certificate;

function errorsOf(input: unknown): FieldError[] {
  const result = validateDeclaration(input, options);
  if (result.ok) throw new Error('expected the declaration to be refused');
  return result.errors;
}

function pathsOf(input: unknown): string[] {
  return errorsOf(input).map((error) => error.path);
}

function messageAt(input: unknown, path: string): { 'zh-CN': string; en: string } {
  const error = errorsOf(input).find((candidate) => candidate.path === path);
  if (!error) throw new Error(`no error at ${path}: ${JSON.stringify(errorsOf(input))}`);
  return error.message;
}

function warningsOf(input: unknown): { code: string; path: string }[] {
  const result = validateDeclaration(input, options);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.warnings.map(({ code, path }) => ({ code, path }));
}

const withDocument = (fixture: typeof physician, document: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  body({ ...fixture, document: { ...fixture.document, ...document } }, extra);

describe('validateDeclaration: valid declarations', () => {
  it.each(DOCUMENT_TYPE_CODES)('accepts the %s fixture without warnings', (code) => {
    const result = validateDeclaration(body(FIXTURES[code]), options);
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });

  it('returns identifiers canonical and blank optional fields dropped', () => {
    const result = validateDeclaration(
      body(physician, {
        declarant: { type: 'person', name: ' 张三 ', idNumber: `${HOLDER_ID.slice(0, 6)} ${HOLDER_ID.slice(6)}` },
        document: { type: 'physician_practicing_certificate', number: '110370100012345', issuer: '  ' },
        contact: { phone: '+86 138-1234-5678' },
        statement: '',
      }),
      options,
    );
    expect(result).toEqual({
      ok: true,
      warnings: [],
      declaration: {
        kind: 'loss',
        declarant: { type: 'person', name: '张三', idNumber: HOLDER_ID },
        document: { type: 'physician_practicing_certificate', number: '110370100012345' },
        contact: { phone: PHONE },
      },
    });
  });

  it('upper-cases a credit code', () => {
    const result = validateDeclaration(body(FIXTURES.official_seal, { declarant: { ...COMPANY, creditCode: CREDIT_CODE.toLowerCase() } }), options);
    expect(result.ok && result.declaration.declarant).toEqual({ ...COMPANY, creditCode: CREDIT_CODE });
  });

  it('accepts limits exactly: 50-character name, 200-character statement (astral characters count once)', () => {
    const result = validateDeclaration(body(physician, { declarant: { type: 'person', name: '张'.repeat(50) }, statement: '𠮷'.repeat(200) }), options);
    expect(result.ok).toBe(true);
  });

  it('throws on a malformed `today` (a programming error, not the citizen’s)', () => {
    expect(() => validateDeclaration(body(physician), { today: '2025-02-30' })).toThrow(RangeError);
  });
});

describe('validateDeclaration: structure', () => {
  it.each([null, [], 'text', 42, true])('refuses a body that is not an object (%j)', (input) => {
    expect(errorsOf(input)).toEqual([{ path: '', message: expect.objectContaining({ 'zh-CN': expect.stringContaining('应为对象') }) }]);
  });

  it('names every missing top-level field', () => {
    expect(pathsOf({})).toEqual(['kind', 'declarant', 'document', 'contact']);
    expect(messageAt({}, 'declarant')).toEqual({ 'zh-CN': '请填写声明人。', en: 'Declarant is required.' });
  });

  it('reports every bad field at once, one error each', () => {
    const input = {
      kind: 'lost',
      declarant: { type: 'person', name: '张\n三', idNumber: withWrongCheck(HOLDER_ID) },
      document: { type: 'physician_practicing_certificate', number: 110370100012345, issuer: '卫'.repeat(51), copy: 'original' },
      lostOn: '2025-02-30',
      statement: '说'.repeat(201),
      contact: { phone: '12345' },
      extra: 1,
    };
    const paths = pathsOf(input);
    expect(paths.sort()).toEqual(
      [
        'kind',
        'declarant.name',
        'declarant.idNumber',
        'document.number',
        'document.issuer',
        'document.copy',
        'lostOn',
        'statement',
        'contact.phone',
        'extra',
      ].sort(),
    );
    expect(new Set(paths).size).toBe(paths.length);
    for (const error of errorsOf(input)) {
      expect(error.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(error.message.en).toMatch(/^[\x20-\x7e’（）…—–]+$/u);
    }
  });

  it('explains a wrong type', () => {
    expect(messageAt(withDocument(physician, { number: 110370100012345 }), 'document.number')).toEqual({
      'zh-CN': '证书编码应为文字。',
      en: 'Certificate code must be text.',
    });
    expect(messageAt(withDocument(FIXTURES.invoice, { blank: 'yes' }), 'document.blank')['zh-CN']).toContain('true 或 false');
    expect(messageAt(withDocument(FIXTURES.invoice, { count: 1.5 }), 'document.count')['zh-CN']).toContain('整数');
    expect(messageAt(withDocument(FIXTURES.invoice, { count: 0 }), 'document.count')['zh-CN']).toContain('1 到 9999');
  });

  it('explains an unknown document type and lists what is allowed elsewhere', () => {
    expect(messageAt(body(physician, { document: { type: 'passport', number: 'E12345678' } }), 'document.type')).toEqual({
      'zh-CN': '不支持的证件类型“passport”，请从证件类型列表中选择；列表中没有的请选 other（其他证件）。',
      en: 'Unknown document type "passport"; choose one from the list, or "other".',
    });
    expect(messageAt(body(physician, { kind: 'lost' }), 'kind')).toEqual({
      'zh-CN': '声明类型只能是：loss（遗失）、void（作废）。',
      en: 'Kind of declaration must be one of: loss (lost), void (voided).',
    });
    expect(messageAt(body(physician, { declarant: { type: 'company', name: 'x' } }), 'declarant.type')['zh-CN']).toContain('person（个人）');
    expect(messageAt(body(physician, { declarant: { name: '张三' } }), 'declarant.type')['zh-CN']).toBe('请填写声明人类型。');
  });

  it('refuses unknown keys at every level, naming each', () => {
    const input = body(physician, {
      declarant: { ...PERSON, creditCode: CREDIT_CODE },
      document: { ...physician.document, colour: 'red' },
      contact: { phone: PHONE, email: 'a@b.c' },
      receipt: 'x',
    });
    expect(pathsOf(input).sort()).toEqual(['contact.email', 'declarant.creditCode', 'document.colour', 'receipt']);
    expect(messageAt(input, 'document.colour')).toEqual({ 'zh-CN': '无法识别的字段“colour”，请删除。', en: 'Unknown field "colour"; remove it.' });
  });

  it('never echoes a value that is not a short plain token, in a message or in a path', () => {
    const spelledId = `370102/${HOLDER_ID.slice(6, 14)}/${HOLDER_ID.slice(14)}`;
    for (const value of [spelledId, `x${PHONE}`, '(138)1234-5678', 'a'.repeat(41), '<script>', '张三']) {
      const typed = validateDeclaration(body(physician, { document: { type: value, number: '1' } }), { today: TODAY });
      const keyed = validateDeclaration(body(physician, { document: { ...physician.document, [value]: 'x' } }), { today: TODAY });
      const bodies = JSON.stringify([typed, keyed]);
      expect(bodies).not.toContain(value);
      expect(containsSensitiveNumber(bodies), bodies).toBe(false);
    }
    const keyed = validateDeclaration(body(physician, { document: { ...physician.document, [spelledId]: 'x' } }), { today: TODAY });
    expect(keyed.ok ? [] : keyed.errors.map((error) => error.path)).toEqual(['document.(unknown field 1)']);
    expect(messageAt(body(physician, { document: { type: '13812345678' } }), 'document.type').en).toBe('Unknown document type; choose one from the list, or "other".');
  });

  it('treats a blank required field as missing', () => {
    expect(messageAt(body(physician, { declarant: { type: 'person', name: '   ' } }), 'declarant.name')).toEqual({
      'zh-CN': '请填写声明人姓名或单位名称。',
      en: "Declarant's name is required.",
    });
  });
});

describe('validateDeclaration: lengths and characters', () => {
  it.each([
    ['declarant.name', body(physician, { declarant: { type: 'person', name: '张'.repeat(51) } }), '最多 50 个字，现在是 51 个字'],
    ['statement', body(physician, { statement: '𠮷'.repeat(201) }), '最多 200 个字'],
    ['document.number', withDocument(physician, { number: '1'.repeat(65) }), '最多 64 个字'],
    ['document.label', withDocument(FIXTURES.other, { label: '证'.repeat(31) }), '最多 30 个字'],
    ['document.childName', withDocument(FIXTURES.birth_medical_certificate, { childName: '张'.repeat(51) }), '最多 50 个字'],
  ])('refuses a too long %s', (path, input, message) => {
    expect(messageAt(input, path)['zh-CN']).toContain(message);
  });

  it.each([
    ['a line break', '张\n三'],
    ['a tab', '张\t三'],
    ['a right-to-left override', '张\u202e三'],
    ['a zero-width space', '张\u200b三'],
    ['a NUL', '张\u0000三'],
    ['a zero-width joiner', '张\u200d三'],
    ['a soft hyphen', '张\u00ad三'],
    ['a word joiner', '张\u2060三'],
    ['a private-use character', '张\ue000三'],
    ['a supplementary private-use character', '张\u{f0000}三'],
    ['a language tag', '张\u{e0041}三'],
  ])('refuses %s in any text', (_name, name) => {
    expect(messageAt(body(physician, { declarant: { type: 'person', name } }), 'declarant.name')['zh-CN']).toContain('控制或格式字符');
    expect(messageAt(body(physician, { statement: `说明${name}` }), 'statement').en).toContain('control or format characters');
    expect(messageAt(withDocument(FIXTURES.other, { label: `会员证${name}` }), 'document.label').en).toContain('private-use');
  });

  it.each([
    ['a combining grapheme joiner', '\u034f'],
    ['a variation selector', '\ufe0f'],
    ['a supplementary variation selector', '\u{e0100}'],
    ['a combining acute accent', '\u0301'],
    ['a combining keycap', '\u20e3'],
  ])('refuses %s in a number, naming the field', (_name, mark) => {
    const number = `1103701000${mark}12345`;
    expect(messageAt(withDocument(physician, { number }), 'document.number').en).toContain('combining marks');
    expect(messageAt(body(physician, { declarant: { ...PERSON, idNumber: `${HOLDER_ID.slice(0, 9)}${mark}${HOLDER_ID.slice(9)}` } }), 'declarant.idNumber').en).toContain('combining marks');
    expect(messageAt(body(physician, { contact: { phone: `138${mark}12345678` } }), 'contact.phone').en).toContain('combining marks');
    expect(messageAt(withDocument(FIXTURES.bank_account_permit, { approvalNumber: `J451000${mark}1234567` }), 'document.approvalNumber').en).toContain('combining marks');
  });

  it('accepts combining marks in names, where they belong to letters', () => {
    const result = validateDeclaration(body(physician, { declarant: { type: 'person', name: 'Jose\u0301 Garci\u0301a' } }), { today: TODAY });
    expect(result.ok).toBe(true);
  });

  it.each([
    ['a transcribed name with a middle dot', { ...PERSON, name: '阿依古丽·买买提' }],
    ['a transcribed name with a bullet for the dot', { ...PERSON, name: '阿卜杜拉•买买提' }],
    ['a Latin name with an apostrophe and a hyphen', { ...PERSON, name: "Mary O'Brien-Smith" }],
    ['a name in another script', { ...PERSON, name: 'Алексей Иванов' }],
    ['a rare character with an ideographic variation selector', { ...PERSON, name: '张\u{e0100}三' }],
    ['a company with its region in brackets', { ...COMPANY, name: '宝洁（中国）有限公司' }],
    ['a company with digits, & and a full stop', { ...COMPANY, name: 'Smith & Sons Co., Ltd. 第3分公司' }],
  ])('accepts %s', (_name, declarant) => {
    expect(validateDeclaration(body(physician, { declarant }), options).ok).toBe(true);
  });

  it.each([
    ['an emoji', '张三😀', '😀'],
    ['a star', '★张三', '★'],
    ['a flag', '张三🇨🇳', '🇨'],
    ['an at sign', '张三@home', '@'],
    ['a plus sign', 'Canal+', '+'],
    ['a copyright sign', '某某©', '©'],
    ['an emoji that is a letter', 'ℹ张三', 'ℹ'],
  ])('refuses %s in a name, quoting it', (_name, name, character) => {
    const message = messageAt(body(physician, { declarant: { ...PERSON, name } }), 'declarant.name');
    expect(message['zh-CN']).toContain(`声明人姓名或单位名称不能含有“${character}”`);
    expect(message.en).toContain(`Declarant's name cannot contain "${character}"`);
    expect(message.en).toContain('never emoji or other symbols');
  });

  it.each([
    ['a circled digit', '张三①'],
    ['an emoji variation selector', '张三\u2764\ufe0f'],
    ['a keycap', '张三1\ufe0f\u20e3'],
    ['a combining mark on nothing', '\u0301张三'],
  ])('refuses %s in a name without quoting what does not show', (_name, name) => {
    expect(messageAt(body(physician, { declarant: { ...PERSON, name } }), 'declarant.name')['zh-CN']).toMatch(/^声明人姓名或单位名称(含有不能用于名称的字符|不能含有“❤”)：/u);
  });

  it('refuses symbols in every name of a document, issuer included, and in no other text', () => {
    const birth = withDocument(FIXTURES.birth_medical_certificate, { childName: '张三😀', fatherName: '张★', motherName: '李#', issuer: '济南市🏥' });
    expect(pathsOf(birth)).toEqual(['document.childName', 'document.fatherName', 'document.motherName', 'document.issuer']);
    expect(messageAt(birth, 'document.issuer')['zh-CN']).toContain('签发机构不能含有“🏥”');
    expect(pathsOf(withDocument(FIXTURES.bank_account_permit, { bankName: '工商银行💰' }))).toEqual(['document.bankName']);
    expect(pathsOf(body(FIXTURES.legal_representative_seal, { declarant: { ...COMPANY, name: '某某公司™' } }))).toEqual(['declarant.name']);
    expect(validateDeclaration(body(physician, { statement: '遗失于公园★' }), options).ok).toBe(true);
  });
});

describe('validateDeclaration: identifiers and dates', () => {
  it('refuses a resident ID with a wrong check character, a 15-digit one, a future birth date', () => {
    const declarant = (idNumber: string) => body(physician, { declarant: { ...PERSON, idNumber } });
    expect(messageAt(declarant(withWrongCheck(HOLDER_ID)), 'declarant.idNumber')['zh-CN']).toContain('校验码');
    expect(messageAt(declarant('370102900307123'), 'declarant.idNumber')['zh-CN']).toContain('15 位');
    expect(messageAt(declarant(residentId('370102', '20250301', '001')), 'declarant.idNumber')['zh-CN']).toContain('晚于今天');
  });

  it('checks the number of an ID card and of a driving licence as a resident ID', () => {
    for (const code of ['resident_id_card', 'driving_license'] as const) {
      expect(messageAt(withDocument(FIXTURES[code], { number: withWrongCheck(HOLDER_ID) }), 'document.number')['zh-CN']).toContain('校验码');
    }
  });

  it('refuses a malformed credit code but only warns about its check character', () => {
    const organization = (creditCodeValue: string) => body(FIXTURES.official_seal, { declarant: { ...COMPANY, creditCode: creditCodeValue } });
    expect(messageAt(organization('91370102MA3C1234O5'), 'declarant.creditCode')['zh-CN']).toContain('不含 I、O、S、V、Z');
    expect(messageAt(organization('91370102MA3C1234'), 'declarant.creditCode')['zh-CN']).toContain('18 位');
    const wrongCheck = `${CREDIT_CODE.slice(0, 17)}${CREDIT_CODE.endsWith('0') ? '1' : '0'}`;
    expect(warningsOf(organization(wrongCheck))).toEqual([{ code: 'uscc_check_digit', path: 'declarant.creditCode' }]);
  });

  it('checks a business licence number as a credit code, or accepts the old 15-digit registration number', () => {
    const licence = (number: string) => withDocument(FIXTURES.business_license, { number });
    const wrongCheck = `${CREDIT_CODE.slice(0, 17)}${CREDIT_CODE.endsWith('0') ? '1' : '0'}`;
    expect(warningsOf(licence(wrongCheck))).toEqual([{ code: 'uscc_check_digit', path: 'document.number' }]);
    expect(warningsOf(licence('370102600123456'))).toEqual([]);
    expect(messageAt(licence('37010260012345'), 'document.number')['zh-CN']).toContain('15 位注册号');
    expect(warningsOf(licence(creditCode('92370102MA3ABCDE1')))).toEqual([]);
  });

  it('refuses a contact number that is not a mainland mobile', () => {
    expect(messageAt(body(physician, { contact: { phone: '0531-12345678' } }), 'contact.phone')['zh-CN']).toContain('11 位');
  });

  it('refuses dates that are not real or after today, naming the field', () => {
    expect(messageAt(body(physician, { lostOn: '2025-01-16' }), 'lostOn')).toEqual({
      'zh-CN': '遗失日期：日期不能晚于今天。',
      en: 'Date of loss: the date cannot be after today.',
    });
    expect(messageAt(body(physician, { kind: 'void', lostOn: '2023-02-29' }), 'lostOn')['zh-CN']).toMatch(/^作废日期：/);
    expect(messageAt(body(physician, { lostOn: '2024/03/01' }), 'lostOn')['zh-CN']).toContain('YYYY-MM-DD');
    expect(messageAt(withDocument(FIXTURES.birth_medical_certificate, { birthDate: '2026-01-01' }), 'document.birthDate')['zh-CN']).toContain('出生日期');
    expect(messageAt(withDocument(physician, { issuedOn: '2025-02' }), 'document.issuedOn')['zh-CN']).toContain('不能晚于今天');
    expect(messageAt(withDocument(physician, { issuedOn: '2025-13' }), 'document.issuedOn')['zh-CN']).toContain('YYYY-MM');
    expect(messageAt(withDocument(FIXTURES.graduation_certificate, { year: '2026' }), 'document.year')['zh-CN']).toContain('不能晚于今年');
    expect(messageAt(withDocument(FIXTURES.graduation_certificate, { year: '15' }), 'document.year')['zh-CN']).toContain('YYYY');
    expect(validateDeclaration(withDocument(physician, { issuedOn: '2025-01' }), options).ok).toBe(true);
  });
});

describe('validateDeclaration: what each document type takes', () => {
  it.each([
    ['legal_representative_seal', 'sealHolderName'],
    ['bank_account_permit', 'approvalNumber'],
    ['bank_account_permit', 'bankName'],
    ['other', 'label'],
    ['invoice', 'invoiceKind'],
    ['birth_medical_certificate', 'childName'],
    ['medical_institution_license', 'copy'],
    ['road_transport_permit', 'plateNumber'],
    ['graduation_certificate', 'school'],
    ['physician_practicing_certificate', 'number'],
    ['vehicle_license', 'number'],
  ] as const)('%s requires %s', (code, field) => {
    const fixture = FIXTURES[code];
    const { [field]: _removed, ...document } = fixture.document;
    expect(messageAt(body({ ...fixture, document: { ...document, type: code } }), `document.${field}`)['zh-CN']).toMatch(/^请填写/);
  });

  it('takes no number for a seal, but accepts one', () => {
    expect(validateDeclaration(body(FIXTURES.official_seal), options).ok).toBe(true);
    expect(validateDeclaration(withDocument(FIXTURES.official_seal, { number: '3701020012345' }), options).ok).toBe(true);
  });

  it('refuses fields that do not apply to the type', () => {
    expect(messageAt(withDocument(FIXTURES.invoice, { childName: '张三' }), 'document.childName')).toEqual({
      'zh-CN': '发票不需要填写孩子姓名，请删除。',
      en: 'Child\'s name is not asked for a document of type "Invoice"; remove it.',
    });
    expect(messageAt(withDocument(physician, { copy: 'original' }), 'document.copy')['zh-CN']).toBe('医师执业证书不需要填写正本/副本，请删除。');
  });

  it('checks an invoice range and its count', () => {
    const invoice = (document: Record<string, unknown>) => withDocument(FIXTURES.invoice, document);
    expect(validateDeclaration(invoice({ count: 3 }), options).ok).toBe(true);
    expect(messageAt(invoice({ count: 4 }), 'document.count')['zh-CN']).toContain('起止号共 3 份');
    expect(messageAt(invoice({ numberTo: '0000000' }), 'document.numberTo')['zh-CN']).toContain('位数相同');
    expect(messageAt(invoice({ number: '00000005' }), 'document.numberTo')['zh-CN']).toContain('不小于起号');
    expect(messageAt(invoice({ numberTo: '0000000A' }), 'document.numberTo')['zh-CN']).toContain('都是数字');
    expect(messageAt(invoice({ numberTo: '00010001' }), 'document.numberTo')['zh-CN']).toContain('9999');
    expect(messageAt(invoice({ numberTo: undefined, count: 2 }), 'document.count')['zh-CN']).toContain('请填写止号');
  });

  it('warns about an unusual number format without refusing it', () => {
    expect(warningsOf(withDocument(FIXTURES.food_business_license, { number: 'JY2370102' }))).toEqual([{ code: 'unusual_format', path: 'document.number' }]);
    expect(warningsOf(withDocument(FIXTURES.bank_account_permit, { approvalNumber: 'K4510001234567' }))).toEqual([
      { code: 'unusual_format', path: 'document.approvalNumber' },
    ]);
    // Checked on the normalized number: spaces, dashes, full-width and lower case are fine.
    expect(warningsOf(withDocument(FIXTURES.food_business_license, { number: 'ｊｙ 2370-1020-0123-45' }))).toEqual([]);
  });

  it('warns when the declarant is not the usual holder', () => {
    expect(warningsOf(body({ ...FIXTURES.official_seal, declarant: PERSON }))).toEqual([{ code: 'unusual_declarant_type', path: 'declarant.type' }]);
    expect(warningsOf(body({ ...FIXTURES.vehicle_license, declarant: COMPANY }))).toEqual([]);
  });
});

describe('validateDeclaration: a number that is only separators', () => {
  it.each(['-', '·', '***', ' - / - '])('refuses %j on document.number, for every type', (number) => {
    for (const code of DOCUMENT_TYPE_CODES) {
      const fixture = FIXTURES[code];
      expect(pathsOf(withDocument(fixture, { number })), code).toContain('document.number');
    }
  });

  it('names what a number needs', () => {
    expect(messageAt(withDocument(FIXTURES.other, { number: '-' }), 'document.number').en).toBe('The document number must hold letters or digits.');
  });
});
