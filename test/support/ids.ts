/**
 * Test-side generators for resident ID numbers, written independently of the domain code so that tests check
 * the domain against a second implementation rather than against itself. Finding numbers in what the system
 * shows uses the project's one detector (shared/domain/mask.ts), so the leak scans see every spelling it masks.
 */
import { sensitiveNumbersIn } from '../../shared/domain/mask.js';

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

/**
 * Record and request ids (UUIDs) are random hex the system makes: a digit run in one (`…9dc1-3209375453c9` reads
 * as 13209375453 once the dash goes) is chance, not a personal number, so ids are blanked before the scan.
 */
const GENERATED_IDS = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/**
 * A tag separates what is on either side of it, as a page's reader and parser see it: the digits at the end of an
 * attribute (`href="/notices/20261223-0020"`) and the link's text (`20261223-0020`) are two strings, not one number.
 */
const MARKUP_TAGS = /<\/?[A-Za-z][^<>]*>/g;

/** Every full ID or mobile number in `text`, canonical, in any spelling the masker reads. */
export function personalNumbersIn(text: string): string[] {
  return sensitiveNumbersIn(text.replace(GENERATED_IDS, '<id>').replace(MARKUP_TAGS, (tag) => ` tag ${tag.slice(1, -1)} tag `));
}
