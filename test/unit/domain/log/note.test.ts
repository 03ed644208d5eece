import { generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entryBytes, parseEntry, type LogRecord } from '../../../../shared/domain/log/entry.js';
import { EMPTY_FRONTIER, appendLeaf, frontierRoot, leafHash, type TreeFrontier } from '../../../../shared/domain/log/merkle.js';
import {
  SIGNATURE_TYPE,
  checkpointText,
  cosignatureMessage,
  encodeVerifierKey,
  formatSignedNote,
  parseCheckpoint,
  parseSignedNote,
  parseVerifierKey,
  verifierKey,
  verifyNote,
  type SignedNote,
  type VerifierKey,
} from '../../../../shared/domain/log/note.js';
import { checkOfflineProof, decodeOfflineProof, encodeOfflineProof } from '../../../../shared/domain/log/offline-proof.js';

function ed25519(name: string, type: 1 | 4 = SIGNATURE_TYPE.ed25519) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
  const key = verifierKey(name, raw, type);
  return { key, sign: (message: Uint8Array) => new Uint8Array(sign(null, message, privateKey)) };
}

function signedNote(text: string, signer: ReturnType<typeof ed25519>): SignedNote {
  return { text, signatures: [{ name: signer.key.name, id: signer.key.id, signature: signer.sign(new TextEncoder().encode(text)) }] };
}

describe('C2SP signed note', () => {
  it('verifies the example of c2sp.org/signed-note with its verifier key', async () => {
    const key = parseVerifierKey('example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k') as VerifierKey;
    expect(typeof key).toBe('object');
    const note = parseSignedNote(
      'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n',
    ) as SignedNote;
    expect(note.text).toBe('This is an example message.\n');
    expect(await verifyNote(note, key)).toBeUndefined();
    expect(await verifyNote({ ...note, text: 'This is an example message!\n' }, key)).toMatch(/does not verify/);
  });

  it('computes the spec key id and round-trips verifier keys', () => {
    const { key } = ed25519('news.example/log');
    const text = encodeVerifierKey(key);
    expect(text).toMatch(/^news\.example\/log\+[0-9a-f]{8}\+A[Q-Za-f]/);
    expect(parseVerifierKey(text)).toEqual(key);
    expect(parseVerifierKey(text.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toMatch(/does not match/);
    expect(parseVerifierKey('no plus here')).toBeTypeOf('string');
  });

  it('ignores unknown keys, refuses a note without the trusted signature', async () => {
    const log = ed25519('news.example/log');
    const stranger = ed25519('news.example/log');
    const note = signedNote('news.example/log\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n', log);
    const both: SignedNote = { ...note, signatures: [...signedNote(note.text, stranger).signatures, ...note.signatures] };
    expect(await verifyNote(parseSignedNote(formatSignedNote(both)) as SignedNote, log.key)).toBeUndefined();
    expect(await verifyNote(note, stranger.key)).toMatch(/not signed/);
  });

  it('refuses malformed notes', () => {
    expect(parseSignedNote('text\n— a b\n')).toBeTypeOf('string');
    expect(parseSignedNote('text\n\n— a !!!\n')).toBeTypeOf('string');
    expect(parseSignedNote('te\u0001xt\n\n— a AAAAAAA=\n')).toBeTypeOf('string');
  });

  it('formats and parses a tlog-checkpoint', () => {
    const root = leafHash(new Uint8Array([1]));
    const text = checkpointText({ origin: 'news.example/log', size: 20852163, root });
    expect(text.split('\n')).toHaveLength(4);
    expect(parseCheckpoint(text)).toEqual({ origin: 'news.example/log', size: 20852163, root });
    expect(parseCheckpoint('example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n')).toMatchObject({ size: 20852163 });
    expect(parseCheckpoint('o\n01\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n')).toBeTypeOf('string');
    expect(parseCheckpoint('o\n1\nshort\n')).toBeTypeOf('string');
  });

  it('verifies an Ed25519 witness cosignature (tlog-cosignature v1) over the checkpoint', async () => {
    const witness = ed25519('witness.example/w1', SIGNATURE_TYPE.cosignatureV1);
    const text = checkpointText({ origin: 'news.example/log', size: 3, root: leafHash(new Uint8Array()) });
    const time = 1_679_315_147;
    const stamp = new Uint8Array(8);
    new DataView(stamp.buffer).setBigUint64(0, BigInt(time));
    const signature = new Uint8Array([...stamp, ...witness.sign(cosignatureMessage(time, text))]);
    const note: SignedNote = { text, signatures: [{ name: witness.key.name, id: witness.key.id, signature }] };
    expect(await verifyNote(note, witness.key)).toBeUndefined();
    signature[7] = (signature[7] as number) ^ 1;
    expect(await verifyNote(note, witness.key)).toMatch(/does not verify/);
  });
});

const record: LogRecord = {
  noticeNo: '20261203-0001',
  kind: 'loss',
  documentType: 'official_seal',
  publishedOn: '2026-12-03',
  text: '济南某某有限公司遗失公章一枚，声明作废。',
};

describe('log entries (RFC 8785)', () => {
  it('are canonical JSON with sorted keys and no spaces, and parse back', () => {
    const bytes = entryBytes(record);
    expect(new TextDecoder().decode(bytes)).toBe(
      '{"documentType":"official_seal","kind":"loss","noticeNo":"20261203-0001","publishedOn":"2026-12-03","text":"济南某某有限公司遗失公章一枚，声明作废。"}',
    );
    expect(parseEntry(bytes)).toEqual(record);
    expect(parseEntry(new TextEncoder().encode('{"kind":"loss"}'))).toBeTypeOf('string');
    expect(parseEntry(new TextEncoder().encode(JSON.stringify(record, null, 1)))).toMatch(/canonical/);
  });
});

describe('offline proof of publication', () => {
  const log = ed25519('news.example/log');
  const records = Array.from({ length: 37 }, (_, i) => ({ ...record, noticeNo: `20261203-${String(i + 1).padStart(4, '0')}` }));
  let frontier: TreeFrontier = EMPTY_FRONTIER;
  const leaves = records.map((r) => leafHash(entryBytes(r)));
  for (const leaf of leaves) frontier = appendLeaf(frontier, leaf).frontier;
  const root = frontierRoot(frontier);
  const text = checkpointText({ origin: log.key.name, size: records.length, root });
  const signature = { name: log.key.name, id: log.key.id, signature: log.sign(new TextEncoder().encode(text)) };

  /** The proof by the RFC's definition, straight from the leaves (independent of the stored-node path). */
  const path = (index: number, hashes: Uint8Array[]): Uint8Array[] => {
    if (hashes.length <= 1) return [];
    let k = 1;
    while (k * 2 < hashes.length) k *= 2;
    const mth = (part: Uint8Array[]): Uint8Array => {
      let f: TreeFrontier = EMPTY_FRONTIER;
      for (const h of part) f = appendLeaf(f, h).frontier;
      return frontierRoot(f);
    };
    return index < k ? [...path(index, hashes.slice(0, k)), mth(hashes.slice(k))] : [...path(index - k, hashes.slice(k)), mth(hashes.slice(0, k))];
  };
  const codeFor = (index: number) =>
    encodeOfflineProof({ index, treeSize: records.length, proof: path(index, leaves), signatures: [signature], entry: entryBytes(records[index] as LogRecord) }, log.key.name);

  it('round-trips and verifies for every entry; the code stays small enough for a QR code', async () => {
    for (let index = 0; index < records.length; index += 1) {
      const code = codeFor(index);
      expect(code.length).toBeLessThan(700);
      expect(decodeOfflineProof(code, log.key.name)?.index).toBe(index);
      expect(await checkOfflineProof(code, log.key)).toEqual({ ok: true, record: records[index], index, treeSize: records.length, witnesses: [] });
    }
  });

  it('refuses any changed character of the code with a reason', async () => {
    const code = codeFor(5);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: code.length - 1 }), fc.nat({ max: 63 }), async (position, replacement) => {
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        const swapped = alphabet[replacement] === code[position] ? alphabet[(replacement + 1) % 64] : alphabet[replacement];
        const tampered = code.slice(0, position) + swapped + code.slice(position + 1);
        const verdict = await checkOfflineProof(tampered, log.key);
        // The last character may carry only padding bits of base64url, which decode to the same bytes.
        if (verdict.ok) expect(decodeOfflineProof(tampered, log.key.name)).toEqual(decodeOfflineProof(code, log.key.name));
        else expect(['damaged', 'not_a_notice', 'not_in_log', 'not_signed', 'bad_signature']).toContain(verdict.reason);
      }),
      { numRuns: 300 },
    );
  });

  it('carries witness cosignatures and names the known witnesses that verify', async () => {
    const witness = ed25519('witness.example/w1', SIGNATURE_TYPE.cosignatureV1);
    const stranger = ed25519('witness.example/w2', SIGNATURE_TYPE.cosignatureV1);
    const time = 1_800_000_000;
    const stamp = new Uint8Array(8);
    new DataView(stamp.buffer).setBigUint64(0, BigInt(time));
    const cosign = (who: ReturnType<typeof ed25519>) => ({ name: who.key.name, id: who.key.id, signature: new Uint8Array([...stamp, ...who.sign(cosignatureMessage(time, text))]) });
    const code = encodeOfflineProof(
      { index: 4, treeSize: records.length, proof: path(4, leaves), signatures: [signature, cosign(witness), cosign(stranger)], entry: entryBytes(records[4] as LogRecord) },
      log.key.name,
    );
    expect(await checkOfflineProof(code, log.key, [witness.key])).toMatchObject({ ok: true, witnesses: [{ name: 'witness.example/w1', time }] });
    expect(await checkOfflineProof(code, log.key)).toMatchObject({ ok: true, witnesses: [] });
  });

  it('refuses a proof signed by another key, and a forged entry', async () => {
    const forger = ed25519(log.key.name);
    expect(await checkOfflineProof(codeFor(2), forger.key)).toMatchObject({ ok: false, reason: 'not_signed' });
    const forged = encodeOfflineProof(
      { index: 2, treeSize: records.length, proof: path(2, leaves), signatures: [signature], entry: entryBytes({ ...(records[2] as LogRecord), publishedOn: '2026-11-01' }) },
      log.key.name,
    );
    expect(await checkOfflineProof(forged, log.key)).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(await checkOfflineProof('not a code', log.key)).toMatchObject({ ok: false, reason: 'damaged' });
  });
});
