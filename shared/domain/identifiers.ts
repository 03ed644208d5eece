/**
 * The arithmetic of Chinese identifiers: resident ID numbers (GB 11643), unified social credit codes (GB 32100)
 * and mainland mobile numbers. Pure rules on canonical strings; validation and masking build on these.
 */
import { isRealDate } from './dates.js';

/** First two digits of the address code: the provinces, Taiwan (71), Hong Kong (81), Macao (82), and 83 (permits). */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44',
  '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
]);

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK_CHARS = '10X98765432';
/** 17 digits and a digit or `X`: the shape of an 18-character resident ID once canonical. */
export const RESIDENT_ID_SHAPE = /^\d{17}[\dX]$/;
export const OLD_RESIDENT_ID_SHAPE = /^\d{15}$/;
/** Nobody alive was born before 1900; the bound also keeps random digit runs from passing as IDs. */
const EARLIEST_BIRTH_YEAR = 1900;

/** ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (RESIDENT_ID_WEIGHTS[i] ?? 0);
  return RESIDENT_ID_CHECK_CHARS[sum % 11] ?? '';
}

export type ResidentIdDefect = 'area' | 'birth_date' | 'check_char';

/** `YYYY-MM-DD` from positions 7–14. */
export function residentIdBirthDate(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/**
 * The first rule a string of RESIDENT_ID_SHAPE breaks, or undefined for a plausible real ID: a known province
 * (also after the leading 9 of the foreigners' permanent residence ID), a real birth date from 1900 to 2099, and
 * the right check character. Whether the birth date is in the future is the caller's question (it needs today).
 */
export function residentIdDefect(id: string): ResidentIdDefect | undefined {
  const foreignResident = id[0] === '9';
  if (!PROVINCE_CODES.has(id.slice(foreignResident ? 1 : 0, foreignResident ? 3 : 2))) return 'area';
  const year = Number(id.slice(6, 10));
  if (year < EARLIEST_BIRTH_YEAR || year > 2099) return 'birth_date';
  if (!isRealDate(year, Number(id.slice(10, 12)), Number(id.slice(12, 14)))) return 'birth_date';
  return residentIdCheckChar(id) === id[17] ? undefined : 'check_char';
}

/** GB 32100 alphabet: digits and capitals without I, O, S, V, Z. */
export const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const CREDIT_CODE_SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

/** Check character of a unified social credit code: weights 3^(i-1) mod 31, check = 31 − (sum mod 31), 31 → 0. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (let i = 0; i < 17; i += 1) {
    sum += CREDIT_CODE_CHARS.indexOf(first17[i] ?? '') * weight;
    weight = (weight * 3) % 31;
  }
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31] ?? '';
}

/**
 * Characters people write inside a number without changing it (a regular-expression class body): white space,
 * invisible format characters, dashes and the minus sign, dots and middle dots. Reading IDs and mobile numbers,
 * in fields and in free text alike, skips exactly these.
 */
export const NUMBER_SEPARATORS = String.raw`\s\p{Pd}\p{Cf}\u2212.\uFF0E\u00B7\u30FB\uFF65\u2022\u2027\u2219\u22C5`;

/** A mainland mobile number in canonical form (11 digits, no prefix). */
export const MOBILE_SHAPE = /^1[3-9]\d{9}$/;

/**
 * A mainland landline in canonical digits: the trunk `0`, an area code (`10`, `2x` or three more digits) and a
 * 7- or 8-digit subscriber number. Organisations give their switchboard (`0531-88886666`); people give a mobile.
 */
export const LANDLINE_SHAPE = /^0(?:10|2\d|[3-9]\d\d)\d{7,8}$/;

/** A landline written the way directories print it, the area code apart: `0531-88886666`, `010-66668888`. */
export function landlineForm(digits: string): string {
  const areaCodeLength = /^0(?:10|2)/.test(digits) ? 3 : 4;
  return `${digits.slice(0, areaCodeLength)}-${digits.slice(areaCodeLength)}`;
}

/** The digits of a mobile number written with the country code (`86…`, `0086…`), or the digits unchanged. */
export function withoutCountryCode(digits: string): string {
  if (digits.length === 13 && digits.startsWith('86')) return digits.slice(2);
  if (digits.length === 15 && digits.startsWith('0086')) return digits.slice(4);
  return digits;
}

/** The contract's masking rule: first 6 + 8 stars + last 4 of an 18-character resident ID. */
export function maskedResidentIdForm(canonicalId: string): string {
  return `${canonicalId.slice(0, 6)}********${canonicalId.slice(-4)}`;
}

/** The contract's masking rule: first 3 + 4 stars + last 4 of an 11-digit mobile number. */
export function maskedMobileForm(canonicalMobile: string): string {
  return `${canonicalMobile.slice(0, 3)}****${canonicalMobile.slice(-4)}`;
}
