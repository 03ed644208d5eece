/** What a notice costs: the paper charges per printed line of a fixed number of characters. */
export interface Tariff {
  readonly charactersPerLine: number;
  readonly pricePerLineFen: number;
}

export interface FeeEstimate {
  readonly characters: number;
  readonly lines: number;
  readonly amountFen: number;
  readonly currency: 'CNY';
}

/** 13 characters a line (a classified column's width) at 30 yuan a line: a usual notice comes to 90–150 yuan. */
export const DEFAULT_TARIFF: Tariff = { charactersPerLine: 13, pricePerLineFen: 3000 };

/** Characters are code points (a rare character outside the BMP is one character on the page). */
export function estimateFee(text: string, tariff: Tariff = DEFAULT_TARIFF): FeeEstimate {
  if (!Number.isInteger(tariff.charactersPerLine) || tariff.charactersPerLine < 1) {
    throw new RangeError(`charactersPerLine must be a positive integer, got ${tariff.charactersPerLine}`);
  }
  if (!Number.isInteger(tariff.pricePerLineFen) || tariff.pricePerLineFen < 0) {
    throw new RangeError(`pricePerLineFen must be a non-negative integer, got ${tariff.pricePerLineFen}`);
  }
  const characters = Array.from(text).length;
  const lines = Math.ceil(characters / tariff.charactersPerLine);
  return { characters, lines, amountFen: lines * tariff.pricePerLineFen, currency: 'CNY' };
}
