import { describe, expect, it } from 'vitest';
import type { DeclarationInput } from '../../../shared/domain/declaration.js';
import { changesSinceReview, type ReviewedVersion } from '../../../shared/domain/review.js';

const declaration: DeclarationInput = {
  kind: 'loss',
  declarant: { type: 'person', name: '张三' },
  document: { type: 'physician_practicing_certificate', number: '110370100000001' },
  contact: { phone: '13812345678' },
};

const reviewed: ReviewedVersion = { version: 1, at: '2026-12-01T02:00:00.000Z', action: 'request_changes', declaration, text: '旧', attachmentIds: ['b', 'a'] };

describe('changesSinceReview', () => {
  it('lists changed, added and removed fields, and nothing for an unchanged resubmission', () => {
    expect(changesSinceReview(reviewed, { declaration, text: '旧', attachmentIds: ['a', 'b'] })).toEqual([]);
    const edited: DeclarationInput = { ...declaration, document: { ...declaration.document, number: '110370100000002' }, statement: '补充' };
    expect(changesSinceReview(reviewed, { declaration: edited, text: '新', attachmentIds: ['a'] })).toEqual([
      { path: 'document.number', before: '110370100000001', after: '110370100000002' },
      { path: 'statement', after: '补充' },
      { path: 'text', before: '旧', after: '新' },
      { path: 'attachments', before: 'a, b', after: 'a' },
    ]);
  });
});
