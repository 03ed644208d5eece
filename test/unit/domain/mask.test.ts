import { describe, expect, it } from 'vitest';
import { containsSensitiveNumber, maskMobile, maskResidentId, maskSensitiveText } from '../../../shared/domain/index.js';
import { residentId, withWrongCheck } from './reference.js';

const id = residentId('370102', '19900307', '123');
const masked = `370102********${id.slice(-4)}`;
const idWithX = residentId('110101', '19851224', '007');
const shifted = (value: string, zero: number) => Array.from(value, (char) => String.fromCodePoint(zero + Number(char))).join('');
const circled = (value: string) => Array.from(value, (char) => (char === '0' ? '⓪' : String.fromCodePoint(0x245f + Number(char)))).join('');
const superscript = (value: string) => Array.from(value, (char) => '⁰¹²³⁴⁵⁶⁷⁸⁹'.charAt(Number(char))).join('');
const bold = (value: string) => shifted(value, 0x1d7ce);
const arabicIndic = (value: string) => shifted(value, 0x0660);
const fullWidth = (value: string) => value.replace(/[0-9]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));

describe('maskResidentId and maskMobile (structured fields)', () => {
  it('keeps the first 6 and last 4 of an ID (contract)', () => {
    expect(maskResidentId(id)).toBe(masked);
    expect(maskResidentId(idWithX.toLowerCase())).toBe(`110101********${idWithX.slice(-4)}`);
    expect(maskResidentId('372522198001012211')).toBe('372522********2211');
  });

  it('keeps the first 3 and last 4 of a mobile number (contract)', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskMobile('+86 138-1234-5678')).toBe('138****5678');
  });

  it('hides a value of the wrong length entirely rather than guess', () => {
    expect(maskResidentId('12345')).toBe('*****');
    expect(maskMobile('1381234')).toBe('*******');
  });
});

describe('maskSensitiveText', () => {
  it.each([
    ['a bare ID', id, masked],
    ['an ID in a sentence', `身份证号${id}。`, `身份证号${masked}。`],
    ['an ID with the check character X', `证号：${idWithX}`, `证号：110101********${idWithX.slice(-4)}`],
    ['an ID with lower-case x', `证号：${idWithX.toLowerCase()}`, `证号：110101********${idWithX.slice(-4).toLowerCase()}`],
    ['an ID with X followed by a name', `${idWithX}张三`, `110101********${idWithX.slice(-4)}张三`],
    ['an ID with spaces inside', `身份证 ${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)} 遗失`, `身份证 370102 ******** ${id.slice(14)} 遗失`],
    ['an ID with dashes inside', `${id.slice(0, 6)}-${id.slice(6, 14)}-${id.slice(14)}`, `370102-********-${id.slice(14)}`],
    ['an ID in full-width digits', `证号${fullWidth(id)}`, `证号${fullWidth('370102')}********${fullWidth(id.slice(-4))}`],
    ['an ID with ideographic spaces and em dashes', `${fullWidth(id.slice(0, 6))}\u3000${id.slice(6, 14)}—${id.slice(14)}`, `${fullWidth('370102')}\u3000********—${id.slice(14)}`],
    ['an ID at the end of a 医师资格证书 code', `证书编码：200937141${id}`, `证书编码：200937141${masked}`],
    ['an ID surrounded by digits', `99${id}77`, `99${masked}77`],
    ['a 驾驶证 number, which is an ID', `机动车驾驶证，证号：${id}，档案编号：370100123456`, `机动车驾驶证，证号：${masked}，档案编号：370100123456`],
    ['a mobile number', '电话13812345678。', '电话138****5678。'],
    ['+86 138-1234-5678', '联系+86 138-1234-5678', '联系+86 138-****-5678'],
    ['0086 prefix', '0086 13812345678', '0086 138****5678'],
    ['86 prefix without plus', '8613812345678', '86138****5678'],
    ['full-width plus and digits', `＋８６ ${fullWidth('13812345678')}`, `＋８６ ${fullWidth('138')}****${fullWidth('5678')}`],
    ['spaces inside', '138 1234 5678', '138 **** 5678'],
    ['brackets and slashes', '(138)1234-5678 或 138/1234/5678', '(138)****-5678 或 138/****/5678'],
    ['digits separated by long runs of spaces', '138    1234    5678', '138    ****    5678'],
    ['an ID in brackets and slashes', `张（370102）${id.slice(6)}；370102/${id.slice(6, 14)}/${id.slice(14)}`, `张（370102）********${id.slice(-4)}；370102/********/${id.slice(14)}`],
    ['an ID in circled digits', circled(id), `${circled('370102')}********${circled(id.slice(-4))}`],
    ['an ID in superscript digits', superscript(id), `${superscript('370102')}********${superscript(id.slice(-4))}`],
    ['an ID in mathematical bold digits', bold(id), `${bold('370102')}********${bold(id.slice(-4))}`],
    ['an ID in Arabic-Indic digits', arabicIndic(id), `${arabicIndic('370102')}********${arabicIndic(id.slice(-4))}`],
    ['a Roman numeral Ⅹ as the check character', `${idWithX.slice(0, 17)}Ⅹ`, `110101********${idWithX.slice(14, 17)}Ⅹ`],
    ['a circled ⓧ as the check character', `${idWithX.slice(0, 17)}ⓧ`, `110101********${idWithX.slice(14, 17)}ⓧ`],
    ['a combining grapheme joiner between digits', `${id.slice(0, 10)}\u034F${id.slice(10)}`, `370102****\u034F****${id.slice(-4)}`],
    ['a variation selector between digits', `${id.slice(0, 14)}\uFE0F${id.slice(14)}`, `370102********\uFE0F${id.slice(-4)}`],
    ['joiners and marks between every digit', [...'13812345678'].join('\u200D\u0301'), [...'138****5678'].join('\u200D\u0301')],
    ['a character carrying two digits', '⑬⑧①②③④⑤⑥⑦⑧', '⑬⑧****⑤⑥⑦⑧'],
    ['a number after a year and a space', '2019 13812345678', '2019 138****5678'],
    ['two numbers', '13812345678、13912345678', '138****5678、139****5678'],
    ['an ID and a mobile together', `${id} 13812345678`, `${masked} 138****5678`],
    ['an ID whose check X is followed by a Latin word', `身份证号：${idWithX}uan`, `身份证号：110101********${idWithX.slice(-4)}uan`],
    ['an ID whose check X is followed by a Roman numeral', `${idWithX.slice(0, 17)}Ⅺ`, `110101********${idWithX.slice(14, 17)}Ⅺ`],
    ['a mobile with an extension after x', 'Tel: 13912345678x2', 'Tel: 139****5678x2'],
    ['a mobile followed by an X', '电话13800138000X', '电话138****8000X'],
    ['a mobile in five groups', '138 00 13 80 00', '138 ** ** 80 00'],
    ['an ID in nine pairs', '37 01 02 19 90 03 07 77 52', '37 01 02 ** ** ** ** 77 52'],
    ['a mobile read aloud', '电话幺三八洞洞幺三八洞洞洞', '电话幺三八****八洞洞洞'],
    ['a mobile read aloud with 么, 两, 拐 and 勾', '手机么三勾 么两三四 五六拐八', '手机么三勾 **** 五六拐八'],
    ['an ID read aloud', '身份证三拐洞幺洞两幺勾勾洞洞三洞拐幺两三八', '身份证三拐洞幺洞两********幺两三八'],
    ['a mobile with O for 0', '电话138OO138OOO', '电话138****8OOO'],
    ['a mobile with l for 1, after a word', 'Tel l38 l234 5678', 'Tel l38 **** 5678'],
    ['a mobile in full-width look-alike letters', 'ｌ３８ＯＯｌ３８ＯＯＯ', 'ｌ３８****８ＯＯＯ'],
    ['a mobile with | for 1', '|38|2345678', '|38****5678'],
    ['a mobile with I for 1 and o for 0, glued to a word before it', 'Call138ooI38ooo now', 'Call138****8ooo now'],
    ['an ID with O for 0 and l for 1', '11O1O5l99OO1O1OO1O', '11O1O5********OO1O'],
    ['an ID with look-alikes and its check X', `证号${idWithX.replace(/0/g, 'O').replace(/1/g, 'l')}`, `证号llOlOl********${idWithX.slice(-4).replace(/0/g, 'O')}`],
  ])('masks %s', (_name, text, expected) => {
    expect(maskSensitiveText(text)).toBe(expected);
    expect(containsSensitiveNumber(text)).toBe(true);
    expect(containsSensitiveNumber(expected)).toBe(false);
  });

  it.each([
    ['a 15-digit certificate code', '证书编码：110370100012345'],
    ['a 20-digit invoice number', '发票号码：24372000000012345678'],
    ['an 11-digit run inside a longer digit run', '编号：913812345678'],
    ['a mobile-shaped run followed by digits', '13812345678901'],
    ['an ID with a wrong check character', withWrongCheck(id)],
    ['an ID-shaped run with an impossible date', residentId('370102', '19901341', '123')],
    ['an ID-shaped run with an unknown province', residentId('990102', '19900307', '123')],
    ['a landline', '0531-12345678'],
    ['a 12-digit number', '370100123456'],
    ['an already masked ID', masked],
    ['an already masked mobile', '138****5678'],
    ['a USCC credit code of digits only', '913701001234567890'],
    ['a 毕业证书 number (school 10422, year, level, sequence)', '104221202305000123'],
    ['a time and a date', '2026-12-02 12:40:48'],
    ['plain text', '某某公司遗失公章一枚，声明作废。'],
    ['empty text', ''],
    ['ordinary sentences with 两, 么, 勾, 拐 and 洞', '什么时候来？两个人一两天内勾选第三项，前面路口拐弯，山洞里三三两两，七拐八弯，这么多'],
    ['a count of two written 两 among numerals', '一式两份，第一二三四五六七八九项，共两千三百元'],
    ['English words made of look-alike letters', 'Hello, Oil, LOL, Olympic, lol, OIL, Ollie, I/O, ISO 9001, No. 10, Co. Ltd, Bool'],
    ['look-alike letters in words beside digits', 'Model 2OOO1380013800OK, Hello13800138OOK, lOOk l38OOl38OOOO'],
  ])('leaves %s unchanged', (_name, text) => {
    expect(maskSensitiveText(text)).toBe(text);
    expect(containsSensitiveNumber(text)).toBe(false);
  });

  it.each([
    ['an ID then a mobile', `${id}13812345678`, `${masked}138****5678`],
    ['a mobile then an ID', `13812345678${id}`, `138****5678${masked}`],
    ['an ID then a mobile after its country code, full-width', fullWidth(`${id}8613812345678`), fullWidth(`${masked}86138`) + '****' + fullWidth('5678')],
  ])('masks a mobile number run on to an ID as a number of its own: %s', (_name, text, expected) => {
    expect(maskSensitiveText(text)).toBe(expected);
    expect(containsSensitiveNumber(maskSensitiveText(text))).toBe(false);
  });

  it('masks again what a mask leaves exposed: the kept last 4 digits completing a second ID', () => {
    // A second ID whose area code starts with the first ID's last four digits (province 12, Tianjin).
    expect(id.slice(-4)).toMatch(/^12\d\d$/);
    const second = residentId(`${id.slice(-4)}02`, '19900307', '456');
    const overlapping = `${id}${second.slice(4)}`;
    const result = maskSensitiveText(overlapping);
    expect(result).toBe(`${masked}${second.slice(4, 6)}********${second.slice(-4)}`);
    expect(containsSensitiveNumber(result)).toBe(false);
  });
});
