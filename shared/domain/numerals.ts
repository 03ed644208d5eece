/**
 * How digits written in other scripts read: what the masker (mask.ts) and the certificate-number normalizer
 * (normalize.ts) both need, so that both read `٣`, `३` and `三` as the same 3.
 */

const DECIMAL_DIGIT = /^\p{Nd}$/u;
const digitValues = new Map<string, string>();

/**
 * The value of a Unicode decimal digit. Unicode encodes every such digit in runs of ten, 0 to 9, and adjacent runs
 * start at multiples of ten from the first, so the distance from the start of the whole run gives the value.
 */
export function digitValue(char: string): string {
  if (char >= '0' && char <= '9') return char;
  const known = digitValues.get(char);
  if (known !== undefined) return known;
  const codePoint = char.codePointAt(0) ?? 0;
  let start = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  const value = String((codePoint - start) % 10);
  digitValues.set(char, value);
  return value;
}

/**
 * Chinese numerals a reader reads digit by digit in a written-out number: the common ones with `〇` and `零`, the
 * financial ones (simplified and traditional), `幺` (one, as phone numbers are read out) and the Suzhou numerals.
 * Their compatibility forms (`⼀`, `㊀`, `㈠`, `🈩`, `零`) fold to them by NFKC.
 */
export const CHINESE_NUMERALS: ReadonlyMap<string, string> = (() => {
  const numerals = new Map<string, string>();
  for (const [characters, value] of [
    ['〇零', '0'], ['一壹幺〡', '1'], ['二贰貳〢', '2'], ['三叁參〣', '3'], ['四肆〤', '4'],
    ['五伍〥', '5'], ['六陆陸〦', '6'], ['七柒〧', '7'], ['八捌〨', '8'], ['九玖〩', '9'],
  ] as const) {
    for (const numeral of characters) numerals.set(numeral, value);
  }
  return numerals;
})();

/**
 * Digits as people read a phone or ID number aloud, radio style (`幺三八洞洞幺三八洞洞洞`): `洞` 0, `幺`/`么` 1,
 * `两` (`兩`) 2, `拐` 7, `勾` 9, and what NFKC folds to them (`兩`, `洞`). Only the masker reads them
 * (NUMERALS_READ_AS_DIGITS); the certificate-number normalizer does not: nobody writes a certificate number in them,
 * and reading them there would stop normalizing being idempotent, since 麼 and 兩 fold to 么 and 两 only after the
 * numerals are read (`兩兩兩兩兩` → `两两两两两` → `22222`). `幺` stays in CHINESE_NUMERALS, where stored numbers
 * have always had it read.
 */
const SPOKEN_DIGITS: ReadonlyMap<string, string> = new Map([...'洞幺么两兩拐勾'].map((digit, index) => [digit, '0112279'.charAt(index)]));

/** Every Chinese character the masker reads as a digit in its numeral view: the written numerals and the spoken digits. */
export const NUMERALS_READ_AS_DIGITS: ReadonlyMap<string, string> = new Map([...CHINESE_NUMERALS, ...SPOKEN_DIGITS]);
