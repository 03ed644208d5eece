import { estimateFee, type FeeEstimate, type Tariff } from './fee.js';
import type { FieldError, Warning } from './localized.js';
import { validateDeclaration } from './validation.js';
import { renderNotice } from './wording.js';

export interface DeclarationPreview {
  readonly text: string;
  readonly characters: number;
  readonly fee: FeeEstimate;
  readonly warnings: readonly Warning[];
}

export type PreviewResult = { ok: true; preview: DeclarationPreview } | { ok: false; errors: FieldError[] };

/** `POST /api/v1/declarations/preview`: the notice exactly as it would be published, and its price; stores nothing. */
export function previewDeclaration(input: unknown, options: { today: string; tariff: Tariff }): PreviewResult {
  const result = validateDeclaration(input, { today: options.today });
  if (!result.ok) return result;
  const text = renderNotice(result.declaration);
  const fee = estimateFee(text, options.tariff);
  return { ok: true, preview: { text, characters: fee.characters, fee, warnings: result.warnings } };
}
