import { createHash, createPublicKey, verify } from 'node:crypto';

/**
 * A second, independent reading of the public log, written from RFC 9162 §2.1 and c2sp.org/signed-note with
 * nothing of the project's log code: the tree hash and the proofs by the RFC's recursive definitions over every
 * entry (no stored nodes, no frontier), SHA-256 and Ed25519 from node:crypto. It checks what the published
 * routes answer, end to end.
 */

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaf = (entry: Buffer) => sha256(Buffer.from([0]), entry);
const node = (left: Buffer, right: Buffer) => sha256(Buffer.from([1]), left, right);

/** The largest power of two smaller than n. */
function split(n: number): number {
  let k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}

/** MTH(D[n]) of RFC 9162 §2.1.1, over leaf hashes. */
function mth(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return leaves[0] as Buffer;
  const k = split(leaves.length);
  return node(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1. */
function path(m: number, leaves: readonly Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))] : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

/** SUBPROOF(m, D[n], b) of RFC 9162 §2.1.4.1. */
function subproof(m: number, leaves: readonly Buffer[], complete: boolean): Buffer[] {
  const n = leaves.length;
  if (m === n) return complete ? [] : [mth(leaves)];
  const k = split(n);
  return m <= k
    ? [...subproof(m, leaves.slice(0, k), complete), mth(leaves.slice(k))]
    : [...subproof(m - k, leaves.slice(k), false), mth(leaves.slice(0, k))];
}

export interface LogAudit {
  readonly size: number;
  readonly root: string;
  readonly entries: readonly Record<string, unknown>[];
}

async function text(response: Response): Promise<string> {
  if (!response.ok) throw new Error(`${response.url} answered ${response.status}`);
  return response.text();
}

/**
 * Fetches the key, the checkpoint and every entry through `get`, and checks: the signature (pure Ed25519 over the
 * note text, key id per the spec), the root recomputed from all entries, each entry's inclusion proof, and the
 * consistency proof from every smaller size. Throws on the first thing that does not hold.
 */
export async function auditPublishedLog(get: (path: string) => Promise<Response>): Promise<LogAudit> {
  const vkey = (await text(await get('/.well-known/log-key'))).trim();
  const [name, idHex, material] = [vkey.slice(0, vkey.indexOf('+')), vkey.slice(vkey.indexOf('+') + 1, vkey.indexOf('+') + 9), vkey.slice(vkey.indexOf('+') + 10)];
  const keyBytes = Buffer.from(material, 'base64');
  if (keyBytes[0] !== 1 || keyBytes.length !== 33) throw new Error('not an Ed25519 verifier key');
  const expectedId = sha256(Buffer.from(`${name}\n`), keyBytes).subarray(0, 4).toString('hex');
  if (expectedId !== idHex) throw new Error('verifier key id mismatch');
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: keyBytes.subarray(1).toString('base64url') }, format: 'jwk' });

  const note = await text(await get('/api/v1/log/checkpoint'));
  const blank = note.lastIndexOf('\n\n');
  const body = note.slice(0, blank + 1);
  const signatures = note.slice(blank + 2).trim().split('\n');
  const mine = signatures.map((line) => line.split(' ')).find(([dash, who, signature]) => dash === '—' && who === name && Buffer.from(signature ?? '', 'base64').subarray(0, 4).toString('hex') === idHex);
  if (!mine) throw new Error('checkpoint not signed by the log key');
  if (!verify(null, Buffer.from(body), publicKey, Buffer.from(mine[2] as string, 'base64').subarray(4))) throw new Error('bad checkpoint signature');
  const [origin, sizeLine, rootLine] = body.split('\n');
  if (origin !== name) throw new Error('origin is not the key name');
  const size = Number(sizeLine);

  const entryBytes: Buffer[] = [];
  for (let index = 0; index < size; index += 1) {
    const response = await get(`/api/v1/log/entries/${index}`);
    if (!response.ok) throw new Error(`entry ${index}: ${response.status}`);
    entryBytes.push(Buffer.from(await response.arrayBuffer()));
  }
  const leaves = entryBytes.map(leaf);
  const root = mth(leaves).toString('base64');
  if (root !== rootLine) throw new Error(`root mismatch: checkpoint ${rootLine}, recomputed ${root}`);

  for (let index = 0; index < size; index += 1) {
    const proof = (await (await get(`/api/v1/log/proof/inclusion?index=${index}&treeSize=${size}`)).json()) as { hashes: string[] };
    const expected = path(index, leaves).map((hash) => hash.toString('base64'));
    if (JSON.stringify(proof.hashes) !== JSON.stringify(expected)) throw new Error(`inclusion proof of ${index} differs from the RFC's PATH`);
  }
  for (let from = 1; from <= size; from += 1) {
    const proof = (await (await get(`/api/v1/log/proof/consistency?from=${from}&to=${size}`)).json()) as { hashes: string[] };
    const expected = subproof(from, leaves, true).map((hash) => hash.toString('base64'));
    if (JSON.stringify(proof.hashes) !== JSON.stringify(expected)) throw new Error(`consistency proof ${from}→${size} differs from the RFC's PROOF`);
  }
  return { size, root, entries: entryBytes.map((bytes) => JSON.parse(bytes.toString('utf8')) as Record<string, unknown>) };
}
