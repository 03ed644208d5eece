import type { DeclarationInput } from './declaration.js';
import { normalizeCertificateNumber } from './normalize.js';

/** The longest text staff search takes: longer than any name, number or id. */
export const MAX_SEARCH_TEXT = 100;

/**
 * The form staff search compares in: the certificate-number normalizer's folding (full-width, separators, case,
 * traditional characters), for names and ids too, so `張 三` finds 张三 and an id matches with or without dashes.
 */
export function searchTerm(text: string): string {
  return normalizeCertificateNumber(text);
}

/** The distinct terms a declaration is found by: its declarant's name, its certificate number and its id. */
export function searchTermsOf(id: string, declaration: DeclarationInput): string[] {
  const number = declaration.document.number;
  const texts = [declaration.declarant.name, ...(number ? [number] : []), id];
  return [...new Set(texts.map(searchTerm).filter((term) => term !== ''))];
}
