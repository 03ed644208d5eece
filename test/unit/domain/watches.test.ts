import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PUBLIC_CALLBACKS,
  addressAllowed,
  checkCallbackUrl,
  classifyAddress,
  resolvedCheck,
  watchDisplayNumber,
  webhookMessageId,
} from '../../../shared/domain/watches.js';

const LOCAL = { allowLoopback: true };

/** An independent reading of the IPv4 special-purpose ranges, by integer arithmetic on the address. */
function referenceV4(octets: readonly number[]): string {
  const [a = 0, b = 0, c = 0] = octets;
  const n = ((a << 24) >>> 0) + (b << 16) + (c << 8) + (octets[3] ?? 0);
  const inRange = (network: string, prefix: number) => {
    const base = network.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
    const size = 2 ** (32 - prefix);
    return n >= base && n < base + size;
  };
  if (inRange('0.0.0.0', 8)) return 'unspecified';
  if (inRange('127.0.0.0', 8)) return 'loopback';
  if (inRange('10.0.0.0', 8) || inRange('172.16.0.0', 12) || inRange('192.168.0.0', 16)) return 'private';
  if (inRange('169.254.0.0', 16)) return 'link_local';
  if (inRange('100.64.0.0', 10)) return 'shared';
  if (inRange('224.0.0.0', 4)) return 'multicast';
  const reserved = [
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.88.99.0', 24],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['240.0.0.0', 4],
  ] as const;
  if (reserved.some(([network, prefix]) => inRange(network, prefix))) return 'reserved';
  return 'public';
}

const octet = fc.integer({ min: 0, max: 255 });
const v4 = fc.tuple(octet, octet, octet, octet);
const hextet = fc.integer({ min: 0, max: 0xffff }).map((value) => value.toString(16));

describe('callback address classification', () => {
  it('agrees with an independent reading of the IPv4 ranges, for every address', () => {
    fc.assert(
      fc.property(v4, (octets) => {
        expect(classifyAddress(octets.join('.'))).toBe(referenceV4(octets));
      }),
      { numRuns: 5000 },
    );
  });

  it('classifies each private, loopback, link-local and CGNAT range across its whole span', () => {
    const cases: [fc.Arbitrary<string>, string][] = [
      [fc.tuple(octet, octet, octet).map(([b, c, d]) => `10.${b}.${c}.${d}`), 'private'],
      [fc.tuple(fc.integer({ min: 16, max: 31 }), octet, octet).map(([b, c, d]) => `172.${b}.${c}.${d}`), 'private'],
      [fc.tuple(octet, octet).map(([c, d]) => `192.168.${c}.${d}`), 'private'],
      [fc.tuple(octet, octet, octet).map(([b, c, d]) => `127.${b}.${c}.${d}`), 'loopback'],
      [fc.tuple(octet, octet).map(([c, d]) => `169.254.${c}.${d}`), 'link_local'],
      [fc.tuple(fc.integer({ min: 64, max: 127 }), octet, octet).map(([b, c, d]) => `100.${b}.${c}.${d}`), 'shared'],
    ];
    for (const [addresses, kind] of cases) fc.assert(fc.property(addresses, (address) => {
          expect(classifyAddress(address)).toBe(kind);
        }));
    expect(classifyAddress('169.254.169.254')).toBe('link_local');
    expect(classifyAddress('0.0.0.0')).toBe('unspecified');
  });

  it('sees an IPv4-mapped IPv6 address as the IPv4 address it maps, in either spelling', () => {
    fc.assert(
      fc.property(v4, (octets) => {
        const expected = referenceV4(octets);
        expect(classifyAddress(`::ffff:${octets.join('.')}`)).toBe(expected);
        const hex = `::ffff:${((octets[0] ?? 0) * 256 + (octets[1] ?? 0)).toString(16)}:${((octets[2] ?? 0) * 256 + (octets[3] ?? 0)).toString(16)}`;
        expect(classifyAddress(hex)).toBe(expected);
      }),
    );
  });

  it('classifies IPv6: unique local (fc00::/7), link-local (fe80::/10), loopback, unspecified; global unicast is public', () => {
    const tail = fc.array(hextet, { minLength: 7, maxLength: 7 }).map((parts) => parts.join(':'));
    fc.assert(
      fc.property(fc.integer({ min: 0xfc00, max: 0xfdff }), tail, (first, rest) => {
        expect(classifyAddress(`${first.toString(16)}:${rest}`)).toBe('private');
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0xfe80, max: 0xfebf }), tail, (first, rest) => {
        expect(classifyAddress(`${first.toString(16)}:${rest}`)).toBe('link_local');
      }),
    );
    // 2400::/6 … 3ffe::: global unicast outside 2001::/23, 2001:db8::/32, 2002::/16 and 3fff::/20.
    fc.assert(
      fc.property(fc.integer({ min: 0x2400, max: 0x3ffe }), tail, (first, rest) => {
        expect(classifyAddress(`${first.toString(16)}:${rest}`)).toBe('public');
      }),
    );
    expect(classifyAddress('::1')).toBe('loopback');
    expect(classifyAddress('[::1]')).toBe('loopback');
    expect(classifyAddress('::')).toBe('unspecified');
    expect(classifyAddress('fd00:ec2::254')).toBe('private');
    expect(classifyAddress('2001:db8::1')).toBe('reserved');
    expect(classifyAddress('ff02::1')).toBe('multicast');
    expect(classifyAddress('64:ff9b::a00:1')).toBe('shared');
    expect(classifyAddress('2606:4700:4700::1111')).toBe('public');
    expect(classifyAddress('localhost')).toBe('not_an_address');
  });

  it('allows public addresses, and loopback only with the local rules', () => {
    fc.assert(
      fc.property(v4, (octets) => {
        const address = octets.join('.');
        const kind = referenceV4(octets);
        expect(addressAllowed(address, PUBLIC_CALLBACKS)).toBe(kind === 'public');
        expect(addressAllowed(address, LOCAL)).toBe(kind === 'public' || kind === 'loopback');
      }),
    );
  });
});

describe('callback URLs', () => {
  const refused = (raw: string, rules = PUBLIC_CALLBACKS) => {
    const checked = checkCallbackUrl(raw, rules);
    return !checked.ok;
  };

  it('take https only in AWS, and plain http locally only to loopback', () => {
    expect(refused('http://example.cn/hooks')).toBe(true);
    expect(refused('https://example.cn/hooks')).toBe(false);
    expect(refused('http://127.0.0.1:8080/hooks', LOCAL)).toBe(false);
    expect(refused('https://127.0.0.1/hooks')).toBe(true);
    expect(refused('https://[::1]/hooks')).toBe(true);
    // Other spellings of 127.0.0.1 that the URL parser turns into it.
    expect(refused('https://2130706433/hooks')).toBe(true);
    expect(refused('https://0x7f.1/hooks')).toBe(true);
    expect(refused('https://169.254.169.254/latest/meta-data/', LOCAL)).toBe(true);
    expect(refused('https://user:secret@example.cn/hooks')).toBe(true);
    expect(refused('https://example.cn/hooks#x')).toBe(true);
    expect(refused('ftp://example.cn/')).toBe(true);
    expect(refused('//example.cn/')).toBe(true);
  });

  it('need every resolved address allowed, and http only ever reaches loopback', () => {
    const url = new URL('https://hooks.example.cn/x');
    expect(resolvedCheck(url, ['93.184.216.34'], PUBLIC_CALLBACKS)).toBeUndefined();
    expect(resolvedCheck(url, ['93.184.216.34', '10.0.0.5'], PUBLIC_CALLBACKS)).toBeDefined();
    expect(resolvedCheck(url, ['127.0.0.1'], PUBLIC_CALLBACKS)).toBeDefined();
    expect(resolvedCheck(url, ['127.0.0.1'], LOCAL)).toBeUndefined();
    expect(resolvedCheck(url, [], PUBLIC_CALLBACKS)).toBeDefined();
    expect(resolvedCheck(new URL('http://hooks.example.cn/x'), ['93.184.216.34'], LOCAL)).toBeDefined();
    expect(resolvedCheck(new URL('http://localhost:9/x'), ['127.0.0.1', '::1'], LOCAL)).toBeUndefined();
  });
});

describe('watched numbers and deliveries', () => {
  it('show only the last four characters of a number (two of a short one), never all of it', () => {
    expect(watchDisplayNumber('110370112345001')).toBe('***********5001');
    expect(watchDisplayNumber('AB12345')).toBe('*****45');
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9鲁]{2,64}$/), (number) => {
        const shown = watchDisplayNumber(number);
        expect(Array.from(shown)).toHaveLength(Array.from(number).length);
        expect(shown).not.toBe(number);
        expect(number.endsWith(shown.replace(/^\*+/, ''))).toBe(true);
      }),
    );
  });

  it('name a delivery by its watch and notice, the same on every run', () => {
    expect(webhookMessageId('w1', '20300114-0001')).toBe(webhookMessageId('w1', '20300114-0001'));
    expect(webhookMessageId('w1', '20300114-0001')).not.toBe(webhookMessageId('w1', '20300114-0002'));
    expect(webhookMessageId('w1', '20300114-0001')).not.toBe(webhookMessageId('w2', '20300114-0001'));
  });
});
