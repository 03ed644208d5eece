import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_TYPE_CODES,
  renderCorrectionNotice,
  renderNotice,
  validateDeclaration,
  type DeclarationInput,
} from '../../../shared/domain/index.js';
import { residentId } from './reference.js';
import { COMPANY, CREDIT_CODE, FIXTURES, HOLDER_ID, HOLDER_ID_MASKED, PERSON, TODAY, body, type Fixture } from './fixtures.js';

function notice(fixture: Fixture, extra: Readonly<Record<string, unknown>> = {}): string {
  const result = validateDeclaration(body(fixture, extra), { today: TODAY });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return renderNotice(result.declaration);
}

function withDocument(fixture: Fixture, document: Readonly<Record<string, unknown>>, declarant = fixture.declarant): Fixture {
  return { declarant, document: { ...fixture.document, ...document } };
}

const f = FIXTURES;

/** The loss notice of every catalogue type, exactly as printed. */
const LOSS_NOTICES: Readonly<Record<keyof typeof FIXTURES, string>> = {
  resident_id_card: `张三遗失居民身份证，证号：${HOLDER_ID_MASKED}，声明作废。`,
  business_license: `济南某某医院有限公司（统一社会信用代码：${CREDIT_CODE}）遗失营业执照副本，声明作废。`,
  official_seal: '某某公司遗失公章一枚，声明作废。',
  finance_seal: '济南某某有限公司遗失财务专用章一枚（编号：3701020012345），声明作废。',
  contract_seal: '济南某某有限公司遗失合同专用章一枚，声明作废。',
  invoice_seal: '济南某某有限公司遗失发票专用章一枚，声明作废。',
  legal_representative_seal: '济南某某有限公司遗失法定代表人名章（张三）一枚，声明作废。',
  physician_practicing_certificate: '张三遗失医师执业证书，证书编码：110370100012345，声明作废。',
  physician_qualification_certificate: `张三遗失医师资格证书，证书编码：200937141${HOLDER_ID_MASKED}，级别：执业医师，类别：临床，发证日期：2009年8月，声明作废。`,
  nurse_practicing_certificate: '张三（济南市某某医院）遗失护士执业证书，证书编号：201937001234，声明作废。',
  medical_institution_license:
    '济南市历下区某某诊所遗失医疗机构执业许可证正本，登记号：PDY12345637010217D2192，发证机关：济南市历下区卫生健康局，声明作废。',
  birth_medical_certificate: '王五之子张三的出生医学证明遗失，编号：P123456789，声明作废。',
  drug_business_license: '济南某某大药房有限公司遗失药品经营许可证正本，证号：鲁AA5310123，声明作废。',
  food_business_license: '济南市历下区某某饭店遗失食品经营许可证正本，许可证编号：JY23701020012345，声明作废。',
  bank_account_permit:
    '济南某某有限公司遗失中国工商银行股份有限公司济南某某支行开户许可证，核准号：J4510001234567，编号：4510-01234567，声明作废。',
  invoice: '济南某某商贸有限公司遗失增值税专用发票（空白）3份，发票代码：3700123456，发票号码：00000001—00000003，声明作废。',
  real_estate_certificate: '张三遗失不动产权证书，证号：鲁（2019）济南市不动产权第0123456号，声明作废。',
  driving_license: `张三遗失机动车驾驶证，证号：${HOLDER_ID_MASKED}，档案编号：370100123456，声明作废。`,
  vehicle_license: '张三遗失鲁A·12345号小型轿车行驶证，声明作废。',
  road_transport_permit: '济南某某运输有限公司遗失道路运输证，证号：370100123456，车牌号：鲁A·12345，声明作废。',
  graduation_certificate: '张三遗失山东大学2015年颁发的本科毕业证书，证书编号：104221201505001234，声明作废。',
  degree_certificate: '张三遗失山东大学学士学位证书，证书编号：1042242015001234，声明作废。',
  microfinance_license: '济南市某某小额贷款股份有限公司遗失小额贷款公司经营许可证正本，许可证编号：鲁123456789，声明作废。',
  other: '张三遗失会员证，编号：A123，声明作废。',
};

describe('renderNotice: every catalogue type', () => {
  it('has a fixture and an expected text for every code', () => {
    expect(Object.keys(LOSS_NOTICES).sort()).toEqual([...DOCUMENT_TYPE_CODES].sort());
  });

  it.each(DOCUMENT_TYPE_CODES.map((code) => [code, LOSS_NOTICES[code]] as const))('%s', (code, expected) => {
    expect(notice(f[code])).toBe(expected);
  });
});

describe('renderNotice: the issue examples', () => {
  it.each([
    [f.physician_practicing_certificate, '张三遗失医师执业证书，证书编码：110370100012345，声明作废。'],
    [f.official_seal, '某某公司遗失公章一枚，声明作废。'],
    [f.business_license, `济南某某医院有限公司（统一社会信用代码：${CREDIT_CODE}）遗失营业执照副本，声明作废。`],
  ])('%#', (fixture, expected) => {
    expect(notice(fixture)).toBe(expected);
  });
});

describe('renderNotice: variants', () => {
  it.each<[string, Fixture, Record<string, unknown>, string]>([
    [
      'individual business with operator, both copies, old registration number',
      withDocument(f.business_license, { number: '370102600123456', copy: 'both', operatorName: '张三' }, { type: 'organization', name: '济南市历下区某某餐馆' }),
      {},
      '济南市历下区某某餐馆（经营者：张三，注册号：370102600123456）遗失营业执照正副本，声明作废。',
    ],
    [
      'physician with issuer',
      withDocument(f.physician_practicing_certificate, { issuer: '济南市卫生健康委员会' }),
      {},
      '张三遗失医师执业证书，证书编码：110370100012345，发证机关：济南市卫生健康委员会，声明作废。',
    ],
    [
      'physician with place of practice and issue date',
      withDocument(f.physician_practicing_certificate, { employer: '济南市某某医院', issuedOn: '2019-07-08' }),
      {},
      '张三（济南市某某医院）遗失医师执业证书，证书编码：110370100012345，发证日期：2019年7月8日，声明作废。',
    ],
    [
      'birth certificate with both parents',
      withDocument(f.birth_medical_certificate, { childRelation: undefined, fatherName: '王五', motherName: '李四', number: 'Q123456789' }),
      {},
      '张三（父亲：王五，母亲：李四）遗失出生医学证明，编号：Q123456789，声明作废。',
    ],
    [
      'birth certificate, mother only',
      withDocument(f.birth_medical_certificate, { childRelation: undefined, motherName: '李四' }),
      {},
      '张三（母亲：李四）遗失出生医学证明，编号：P123456789，声明作废。',
    ],
    [
      'birth certificate of a daughter with birth date',
      withDocument(f.birth_medical_certificate, { childRelation: 'daughter', birthDate: '2020-05-06' }, { type: 'person', name: '李四' }),
      {},
      '李四之女张三的出生医学证明遗失，出生日期：2020年5月6日，编号：P123456789，声明作废。',
    ],
    [
      'birth certificate without relation or parents',
      withDocument(f.birth_medical_certificate, { childRelation: undefined }),
      {},
      '王五遗失张三的出生医学证明，编号：P123456789，声明作废。',
    ],
    [
      'own birth certificate',
      withDocument(f.birth_medical_certificate, { childRelation: undefined }, PERSON),
      {},
      '张三遗失出生医学证明，编号：P123456789，声明作废。',
    ],
    [
      'issued invoice, single number',
      withDocument(f.invoice, { blank: false, invoiceKind: '增值税普通发票', invoiceCode: '037001900111', number: '12345678', numberTo: undefined }),
      {},
      '济南某某商贸有限公司遗失已开具的增值税普通发票1份，发票代码：037001900111，发票号码：12345678，声明作废。',
    ],
    [
      'fully digital invoice without code',
      withDocument(f.invoice, { blank: undefined, invoiceCode: undefined, number: '24372000000012345678', numberTo: undefined }),
      {},
      '济南某某商贸有限公司遗失增值税专用发票1份，发票号码：24372000000012345678，声明作废。',
    ],
    [
      'seal with number',
      withDocument(f.official_seal, { number: '3701020012345' }),
      {},
      '某某公司遗失公章一枚（编号：3701020012345），声明作废。',
    ],
    [
      'legal representative seal with number',
      withDocument(f.legal_representative_seal, { number: '3701020012346' }),
      {},
      '济南某某有限公司遗失法定代表人名章（张三）一枚（编号：3701020012346），声明作废。',
    ],
    [
      'vehicle licence without vehicle type, plate typed in lower case',
      withDocument(f.vehicle_license, { number: '鲁a12345', vehicleKind: undefined }),
      {},
      '张三遗失鲁A12345号机动车行驶证，声明作废。',
    ],
    [
      'graduation certificate with major',
      withDocument(f.graduation_certificate, { major: '临床医学' }),
      {},
      '张三遗失山东大学2015年颁发的临床医学专业本科毕业证书，证书编号：104221201505001234，声明作废。',
    ],
    [
      'degree written with 学位 and a year',
      withDocument(f.degree_certificate, { educationLevel: '硕士学位', year: '2018' }),
      {},
      '张三遗失山东大学2018年颁发的硕士学位证书，证书编号：1042242015001234，声明作废。',
    ],
    [
      'real estate certificate typed with full-width brackets and digits',
      withDocument(f.real_estate_certificate, { number: '鲁（２０１９）济南市不动产权第０１２３４５６号' }),
      {},
      '张三遗失不动产权证书，证号：鲁（2019）济南市不动产权第0123456号，声明作废。',
    ],
    [
      'loss date',
      f.physician_practicing_certificate,
      { lostOn: '2024-03-01' },
      '张三于2024年3月1日遗失医师执业证书，证书编码：110370100012345，声明作废。',
    ],
    [
      'statement follows the notice',
      f.official_seal,
      { statement: '此后凡以该章签署的文件，本公司概不承认' },
      '某某公司遗失公章一枚，声明作废。此后凡以该章签署的文件，本公司概不承认。',
    ],
    [
      'statement in half-width punctuation is set full-width',
      f.official_seal,
      { statement: '如有疑问(工作日),请联系本公司.' },
      '某某公司遗失公章一枚，声明作废。如有疑问（工作日），请联系本公司。',
    ],
    [
      'a Latin name keeps its own punctuation beside Chinese',
      withDocument(f.official_seal, {}, { ...f.official_seal.declarant, name: 'Example (Shandong) Trading Co., Ltd.' }),
      { statement: '请联系王先生(工作日):本公司' },
      'Example (Shandong) Trading Co., Ltd.遗失公章一枚，声明作废。请联系王先生（工作日）：本公司。',
    ],
    [
      'a Chinese name with half-width brackets and a number with a thousands comma',
      withDocument(f.official_seal, {}, { ...f.official_seal.declarant, name: '山东某某(集团)有限公司' }),
      { statement: '押金1,000元,不予退还' },
      '山东某某（集团）有限公司遗失公章一枚，声明作废。押金1,000元，不予退还。',
    ],
    [
      'a mobile number and an ID in the statement are masked, their separators kept as written',
      f.physician_practicing_certificate,
      { statement: `拾到者请联系+86 139-1234-5678，持证人身份证 ${HOLDER_ID.slice(0, 6)} ${HOLDER_ID.slice(6)}！` },
      `张三遗失医师执业证书，证书编码：110370100012345，声明作废。拾到者请联系+86 139-****-5678，持证人身份证 370102 ********${HOLDER_ID.slice(-4)}！`,
    ],
  ])('%s', (_name, fixture, extra, expected) => {
    expect(notice(fixture, extra)).toBe(expected);
  });
});

describe('renderNotice: void (作废声明)', () => {
  it.each<[string, Fixture, Record<string, unknown>, string]>([
    ['seal with number', withDocument(f.official_seal, { number: '3701020012345' }, COMPANY), {}, '济南某某有限公司原公章（编号：3701020012345）自即日起作废，特此声明。'],
    ['seal without number, from a date', f.contract_seal, { lostOn: '2024-12-01' }, '济南某某有限公司原合同专用章自2024年12月1日起作废，特此声明。'],
    [
      'business licence',
      f.business_license,
      {},
      `济南某某医院有限公司（统一社会信用代码：${CREDIT_CODE}）原营业执照副本自即日起作废，特此声明。`,
    ],
    ['certificate', f.physician_practicing_certificate, {}, '张三原医师执业证书（证书编码：110370100012345）自即日起作废，特此声明。'],
    [
      'invoices',
      f.invoice,
      {},
      '济南某某商贸有限公司原增值税专用发票（空白）3份（发票代码：3700123456，发票号码：00000001—00000003）自即日起作废，特此声明。',
    ],
    ['vehicle licence', f.vehicle_license, {}, '张三原鲁A·12345号小型轿车行驶证自即日起作废，特此声明。'],
    [
      'liability clause as statement',
      f.finance_seal,
      { statement: '此后凡以该章签署的文件，本公司概不承认。' },
      '济南某某有限公司原财务专用章（编号：3701020012345）自即日起作废，特此声明。此后凡以该章签署的文件，本公司概不承认。',
    ],
  ])('%s', (_name, fixture, extra, expected) => {
    expect(notice(fixture, { kind: 'void', ...extra })).toBe(expected);
  });
});

describe('renderNotice: masking of every part', () => {
  it('masks an ID written into the name and a certificate number that is an ID', () => {
    const declaration: DeclarationInput = {
      kind: 'loss',
      declarant: { type: 'person', name: `张三${HOLDER_ID}` },
      document: { type: 'other', label: '证件', number: HOLDER_ID },
      contact: { phone: '13812345678' },
    };
    expect(renderNotice(declaration)).toBe(`张三${HOLDER_ID_MASKED}遗失证件，编号：${HOLDER_ID_MASKED}，声明作废。`);
  });
});

describe('renderCorrectionNotice', () => {
  it('names the original notice, the wrong and the correct item', () => {
    expect(
      renderCorrectionNotice({
        declarantName: '济南某某有限公司',
        original: { publishedOn: '2024-03-01', kind: 'loss', noticeNo: '20240301-0007' },
        item: '统一社会信用代码',
        wrong: '91370102MA3C123451',
        correct: CREDIT_CODE,
      }),
    ).toBe(
      `济南某某有限公司于2024年3月1日在本报刊登的遗失声明（原声明编号：20240301-0007）中，统一社会信用代码误登为“91370102MA3C123451”，应为“${CREDIT_CODE}”，特此更正。`,
    );
  });

  it('is masked too', () => {
    const misprinted = residentId('370102', '19900308', '123');
    const text = renderCorrectionNotice({
      declarantName: '张三',
      original: { publishedOn: '2024-03-01', kind: 'void' },
      item: '证号',
      wrong: misprinted,
      correct: HOLDER_ID,
    });
    expect(text).toBe(`张三于2024年3月1日在本报刊登的作废声明中，证号误登为“370102********${misprinted.slice(-4)}”，应为“${HOLDER_ID_MASKED}”，特此更正。`);
  });
});
