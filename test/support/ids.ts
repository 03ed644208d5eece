/**
 * Test-side generators for resident ID numbers, written independently of the domain code so that tests check
 * the domain against a second implementation rather than against itself.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function residentIdCheck(first17: string): string {
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * (WEIGHTS[i] ?? 0), 0);
  return CHECK[sum % 11] ?? '?';
}

/** A checksum-valid resident ID for an area, birth date (YYYYMMDD) and 3-digit sequence. */
export function residentId(area = '370102', birth = '19900307', sequence = '123'): string {
  const first17 = `${area}${birth}${sequence}`;
  return `${first17}${residentIdCheck(first17)}`;
}

/** First two digits of real resident IDs: the province-level divisions of GB/T 2260. */
const PROVINCE_CODES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91]);

/** Finds checksum-valid 18-character IDs (digits only after removing spaces, dashes; full-width folded). */
export function findResidentIds(text: string): string[] {
  const folded = text.normalize('NFKC').replace(/[\s\-‐‑–—]/g, '');
  const found: string[] = [];
  for (let i = 0; i + 18 <= folded.length; i += 1) {
    const candidate = folded.slice(i, i + 18).toUpperCase();
    if (!/^[1-9]\d{16}[\dX]$/.test(candidate) || !PROVINCE_CODES.has(Number(candidate.slice(0, 2)))) continue;
    const year = Number(candidate.slice(6, 10));
    const month = Number(candidate.slice(10, 12));
    const day = Number(candidate.slice(12, 14));
    if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) continue;
    if (residentIdCheck(candidate.slice(0, 17)) === candidate[17]) found.push(candidate);
  }
  return found;
}

/** Finds mainland mobile numbers as whole digit runs, in any spelling (+86, spaces, dashes, full-width). */
export function findMobileNumbers(text: string): string[] {
  const folded = text.normalize('NFKC').replace(/[\s\-‐‑–—]/g, '');
  return [...folded.matchAll(/(?<!\d)(?:\+?86|0086)?(1[3-9]\d{9})(?!\d)/g)].map((match) => match[1] ?? '');
}

/** Asserts-friendly: every full ID or mobile number in `text`. */
export function personalNumbersIn(text: string): string[] {
  return [...findResidentIds(text), ...findMobileNumbers(text)];
}
