import { generateKeyPairSync, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { cosignatureMessage, encodeVerifierKey, parseSignedNote, parseVerifierKey, SIGNATURE_TYPE, signatureLine, verifierKey, type SignedNote, type VerifierKey } from '../../shared/domain/log/note.js';
import { checkOfflineProof } from '../../shared/domain/log/offline-proof.js';
import { DEFAULT_LOG_ORIGIN } from '../../shared/services/log-signer.js';
import { DEMO_PUBLISHER } from '../../shared/domain/publisher.js';
import { json, physicianDeclaration } from '../support/declarations.js';
import { newsroom } from '../support/publishing.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

/** A witness as c2sp.org/tlog-cosignature describes one: an Ed25519 key that signs `cosignature/v1` messages. */
function witness(name: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const key = verifierKey(name, new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12)), SIGNATURE_TYPE.cosignatureV1);
  const cosign = (checkpointText: string, time = 1_800_000_000) => {
    const stamp = Buffer.alloc(8);
    stamp.writeBigUInt64BE(BigInt(time));
    const signature = new Uint8Array([...stamp, ...sign(null, cosignatureMessage(time, checkpointText), privateKey)]);
    return signatureLine({ name: key.name, id: key.id, signature }).trim();
  };
  return { key, cosign };
}

const trusted = witness('witness.example/w1');
let system: TestSystem;
let editor: string;

beforeAll(async () => {
  system = await createTestSystem({ logIdentity: { origin: DEFAULT_LOG_ORIGIN, publisher: DEMO_PUBLISHER.name, witnesses: [encodeVerifierKey(trusted.key)] } });
  editor = `Bearer ${await system.auth.issueToken('editor')}`;
});

const submit = async (cosignature: unknown, token = editor) =>
  system.request('/api/v1/moderation/log/cosignatures', { ...json({ cosignature }), headers: { 'content-type': 'application/json', authorization: token } });

describe('witness cosignatures (c2sp.org/tlog-cosignature)', () => {
  it('accepts a configured witness cosignature of the latest checkpoint, shows it and carries it in the offline proof', async () => {
    expect((await submit('— witness.example/w1 AAAA')).status).toBe(400);
    const { date } = await newsroom(system).publish([physicianDeclaration()]);
    const note = parseSignedNote(await (await system.request('/api/v1/log/checkpoint')).text()) as SignedNote;

    const accepted = await submit(trusted.cosign(note.text));
    expect(accepted.status, await accepted.clone().text()).toBe(201);
    expect(await accepted.json()).toEqual({ treeSize: 1, witness: 'witness.example/w1' });
    expect((await submit(trusted.cosign(note.text))).status).toBe(201);

    const cosigned = parseSignedNote(await (await system.request('/api/v1/log/checkpoint')).text()) as SignedNote;
    expect(cosigned.signatures.map((s) => s.name)).toEqual([DEFAULT_LOG_ORIGIN, 'witness.example/w1']);
    expect(await (await system.request('/log')).text()).toContain('witness.example/w1 · 联署于 2027-01-15T08:00:00.000Z');

    const page = await (await system.request(`/notices/${date.replaceAll('-', '')}-0001/proof`)).text();
    const code = /id="proof-code">([A-Za-z0-9_-]+)</.exec(page)?.[1] as string;
    const logKey = parseVerifierKey(await (await system.request('/.well-known/log-key')).text()) as VerifierKey;
    expect(await checkOfflineProof(code, logKey, [trusted.key])).toMatchObject({ ok: true, witnesses: [{ name: 'witness.example/w1', time: 1_800_000_000 }] });
  });

  it('refuses an unknown witness, a bad signature, a moderator, and says why', async () => {
    const note = parseSignedNote(await (await system.request('/api/v1/log/checkpoint')).text()) as SignedNote;
    const stranger = witness('witness.example/w2');
    const cases = [stranger.cosign(note.text), trusted.cosign(note.text.replace('\n1\n', '\n2\n')), 'not a line', 42];
    for (const cosignature of cases) {
      const response = await submit(cosignature);
      expect(response.status, String(cosignature)).toBe(400);
      expect(((await response.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['cosignature']);
    }
    const moderator = `Bearer ${await system.auth.issueToken('moderator')}`;
    expect((await submit(trusted.cosign(note.text), moderator)).status).toBe(403);
  });
});
