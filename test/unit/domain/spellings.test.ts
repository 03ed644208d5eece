import { describe, expect, it } from 'vitest';
import { containsSensitiveNumber, maskSensitiveText, sensitiveNumbersIn } from '../../../shared/domain/index.js';
import { spellingCorpus } from '../../support/spellings.js';
import { digitProjection, sensitiveNumbersIn as referenceNumbersIn } from './reference.js';

const corpus = spellingCorpus();
const kept = (number: string) => (number.length === 18 ? `${number.slice(0, 6)}${number.slice(-4)}` : `${number.slice(0, 3)}${number.slice(-4)}`);

describe(`every spelling class of an ID or a mobile number (${corpus.length} spellings)`, () => {
  it('is found by the detector and by the independent reference', () => {
    const missed = corpus.filter(({ text, number }) => !sensitiveNumbersIn(text).includes(number) || !referenceNumbersIn(text).includes(number));
    expect(missed.map(({ spellingClass }) => spellingClass)).toEqual([]);
  });

  it('is masked in its own characters: nothing left to find, the 6 + 4 (3 + 4) digits kept, and masking again changes nothing', () => {
    const wrong = corpus.flatMap(({ spellingClass, text, number }) => {
      const masked = maskSensitiveText(text);
      const problems = [
        containsSensitiveNumber(masked) && 'still holds a number',
        referenceNumbersIn(masked).length > 0 && 'the reference still finds a number',
        digitProjection(masked).includes(number) && 'the digits are all there',
        !digitProjection(masked).includes(kept(number)) && 'the kept digits are gone',
        maskSensitiveText(masked) !== masked && 'masking twice changes it',
      ].filter((problem) => problem !== false);
      return problems.map((problem) => `${spellingClass}: ${problem} (${JSON.stringify(masked)})`);
    });
    expect(wrong).toEqual([]);
  });
});
