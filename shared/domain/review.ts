/**
 * What a moderator reviewed, and what a resubmission changed since: the declaration as it stood at the last
 * decision is kept with it, so the next reviewer sees only the differences instead of re-reading everything.
 */
import type { DeclarationInput } from './declaration.js';

/** The declaration as a moderator saw it when deciding (version, notice text, fields, proof files). */
export interface ReviewedVersion {
  readonly version: number;
  readonly at: string;
  readonly action: string;
  readonly declaration: DeclarationInput;
  readonly text: string;
  readonly attachmentIds: readonly string[];
}

/** One field that differs: its dot path (`document.number`, `attachments`, `text`), before and after. */
export interface FieldChange {
  readonly path: string;
  readonly before?: string;
  readonly after?: string;
}

/** A declaration's reviewable content as a flat list of dot paths and printable values. */
function flatten(value: unknown, prefix: string, into: Map<string, string>): Map<string, string> {
  if (value === undefined || value === null) return into;
  if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into.set(prefix, Array.isArray(value) ? value.join(', ') : String(value));
  }
  return into;
}

function reviewableFields(content: { declaration: DeclarationInput; text: string; attachmentIds: readonly string[] }): Map<string, string> {
  const fields = flatten(content.declaration, '', new Map());
  fields.set('text', content.text);
  if (content.attachmentIds.length > 0) fields.set('attachments', [...content.attachmentIds].sort().join(', '));
  return fields;
}

/** The fields that differ between what was reviewed and the declaration now, in the declaration's field order. */
export function changesSinceReview(
  reviewed: ReviewedVersion,
  current: { declaration: DeclarationInput; text: string; attachmentIds: readonly string[] },
): FieldChange[] {
  const before = reviewableFields(reviewed);
  const after = reviewableFields(current);
  const paths = [...new Set([...after.keys(), ...before.keys()])];
  return paths
    .filter((path) => before.get(path) !== after.get(path))
    .map((path) => {
      const [was, now] = [before.get(path), after.get(path)];
      return { path, ...(was === undefined ? {} : { before: was }), ...(now === undefined ? {} : { after: now }) };
    });
}
