import { describe, expect, it } from 'vitest';
import { containsSensitiveNumber, maskSensitiveText } from '../../../shared/domain/mask.js';
import { DEMO_PUBLISHER, publisherIdentity, quotedMasthead } from '../../../shared/domain/publisher.js';
import { publisherIdentityFromEnvironment } from '../../../shared/http/env.js';

const paper = { name: '齐鲁某某报社', masthead: '《齐鲁某某报》', address: '济南市某某路 1 号', phone: '0531-85193777' };

describe('the publisher identity', () => {
  it('takes a newspaper with a landline, printed in full: the masker leaves a landline alone', () => {
    expect(publisherIdentity(paper)).toEqual({ ...paper, masthead: '齐鲁某某报' });
    for (const phone of ['0531-85193777', '0531-8519 3777', '(0531) 85193777', '010-6512 3456', '400-123-4567', DEMO_PUBLISHER.phone]) {
      expect(publisherIdentity({ ...paper, phone }), phone).not.toHaveProperty('problems');
      expect(maskSensitiveText(`刊登热线：${phone}`)).toBe(`刊登热线：${phone}`);
      expect(containsSensitiveNumber(phone)).toBe(false);
    }
    expect(quotedMasthead(DEMO_PUBLISHER)).toBe(`《${DEMO_PUBLISHER.masthead}》`);
  });

  it('refuses a mobile (public pages would mask it), a missing field and a website that is not https, naming each', () => {
    expect(publisherIdentity({ ...paper, phone: '13812345678' })).toEqual({ problems: { phone: expect.any(String) } });
    // Shaped like a landline, but its digits read as a mobile: the masker would rewrite it on every page.
    expect(publisherIdentity({ ...paper, phone: '0531-13812345678' })).toHaveProperty('problems.phone');
    expect(publisherIdentity({ name: ' ', phone: '0531-85193777', website: 'http://paper.example' })).toEqual({
      problems: { name: 'is required', masthead: 'is required', address: 'is required', website: 'is an https:// URL' },
    });
  });

  it('is the demo newspaper when no PUBLISHER_* is set, and a partial one fails loudly, naming the variables', () => {
    expect(publisherIdentityFromEnvironment({})).toBe(DEMO_PUBLISHER);
    expect(
      publisherIdentityFromEnvironment({ PUBLISHER_NAME: paper.name, PUBLISHER_MASTHEAD: paper.masthead, PUBLISHER_ADDRESS: paper.address, PUBLISHER_PHONE: paper.phone }),
    ).toEqual({ ...paper, masthead: '齐鲁某某报' });
    expect(() => publisherIdentityFromEnvironment({ PUBLISHER_NAME: paper.name })).toThrow(/PUBLISHER_MASTHEAD is required.*PUBLISHER_PHONE is required/);
  });
});
