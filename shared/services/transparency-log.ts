import { fromUtf8, utf8 } from '../domain/log/bytes.js';
import { entryBytes } from '../domain/log/entry.js';
import {
  appendLeaf,
  consistencyRanges,
  frontierNodes,
  frontierRoot,
  hashesOf,
  inclusionRanges,
  leafHash,
  nodeKey,
  nodesFor,
  type Hash,
  type NodeId,
  type TreeFrontier,
} from '../domain/log/merkle.js';
import { checkpointText, encodeVerifierKey, formatSignedNote, parseSignedNote, parseVerifierKeys, verifyNote, type SignedNote } from '../domain/log/note.js';
import { encodeOfflineProof } from '../domain/log/offline-proof.js';
import type { StoreContext } from '../store/client.js';
import type { PublicNotice } from '../store/edition-store.js';
import {
  appendItems,
  getLogKey,
  latestCheckpoint,
  putCheckpoint,
  putLogKey,
  readEntry,
  readLogHead,
  readNodes,
  replaceCheckpointNote,
  type StoredCheckpoint,
} from '../store/log-store.js';
import type { LogSigner } from './log-signer.js';
import type { PublicationHook } from './publication-hooks.js';

/**
 * The transparency log: every published notice is appended, in the transaction that publishes it, as its RFC 8785
 * entry; each publication run ends with a new signed checkpoint; proofs are served from stored subtree hashes.
 */

/**
 * The log's part of a publication run. It reads the head once, then keeps it in step with its own appends; if
 * another publisher moved the head meanwhile, the transaction fails on the head's condition, nothing is written,
 * and the notice is tried again from a fresh head. So the log grows by exactly the notices that were published,
 * in the order their transactions committed, with no gap.
 */
export function logAppendHook(store: StoreContext, now: () => Date, signer: () => Promise<LogSigner>): PublicationHook {
  let head: TreeFrontier | undefined;
  let pending: TreeFrontier | undefined;
  return {
    async prepare(notice: PublicNotice) {
      head ??= (await readLogHead(store)).frontier;
      const { logIndex: _stale, ...record } = notice;
      const entry = entryBytes(record);
      const appended = appendLeaf(head, leafHash(entry));
      pending = appended.frontier;
      return {
        notice: { ...notice, logIndex: head.size },
        items: appendItems(store, { from: head, to: appended.frontier, entry: fromUtf8(entry), noticeNo: notice.noticeNo, completed: appended.completed, at: now().toISOString() }),
      };
    },
    committed() {
      head = pending;
    },
    conflicted() {
      head = undefined;
    },
    async finished() {
      await signCheckpoint(store, await signer(), now);
    },
  };
}

/**
 * Signs a checkpoint of the tree as it stands, unless the newest one already covers it; publishes the verifier key
 * beside it. A log never signs two checkpoints of one size with different roots: the root comes from the head.
 */
export async function signCheckpoint(store: StoreContext, signer: LogSigner, now: () => Date): Promise<StoredCheckpoint> {
  const [{ frontier }, latest, published] = await Promise.all([readLogHead(store), latestCheckpoint(store), getLogKey(store)]);
  const key = { verifierKey: encodeVerifierKey(signer.key), publisher: signer.publisher, witnesses: [...signer.witnesses] };
  if (JSON.stringify(published) !== JSON.stringify(key)) await putLogKey(store, key);
  if (latest && latest.size === frontier.size && latest.note.includes(`— ${signer.key.name} `)) return latest;
  const text = checkpointText({ origin: signer.key.name, size: frontier.size, root: frontierRoot(frontier) });
  const signature = await signer.sign(utf8(text));
  const note = formatSignedNote({ text, signatures: [{ name: signer.key.name, id: signer.key.id, signature }] });
  const signedAt = now().toISOString();
  await putCheckpoint(store, frontier.size, note, signedAt);
  return { size: frontier.size, note, signedAt };
}

/** A size or index the caller named that the log cannot answer for (the routes make it a 400 on that field). */
export class LogRangeError extends Error {
  constructor(
    readonly field: string,
    readonly treeSize: number,
  ) {
    super(`${field} is out of range for a log of ${treeSize} entries`);
    this.name = 'LogRangeError';
  }
}

/**
 * The stored hashes of `nodes`. A proof against the current size needs, on its right edge, subtrees that are the
 * head's own frontier (already read): only the others are fetched.
 */
async function nodesOf(store: StoreContext, frontier: TreeFrontier, treeSize: number, nodes: readonly NodeId[]): Promise<Map<string, Hash>> {
  const known = new Map<string, Hash>(treeSize === frontier.size ? frontierNodes(treeSize).map((node, i) => [nodeKey(node), frontier.hashes[i] as Hash]) : []);
  const found = await readNodes(store, nodes.filter((node) => !known.has(nodeKey(node))));
  for (const [key, hash] of known) found.set(key, hash);
  return found;
}

export async function inclusionProof(store: StoreContext, index: number, treeSize: number): Promise<Hash[]> {
  const { frontier } = await readLogHead(store);
  if (treeSize > frontier.size || treeSize < 1) throw new LogRangeError('treeSize', frontier.size);
  if (index >= treeSize) throw new LogRangeError('index', frontier.size);
  const ranges = inclusionRanges(index, treeSize);
  return hashesOf(ranges, await nodesOf(store, frontier, treeSize, nodesFor(ranges)));
}

export async function consistencyProof(store: StoreContext, from: number, to: number): Promise<Hash[]> {
  const { frontier } = await readLogHead(store);
  if (to > frontier.size) throw new LogRangeError('to', frontier.size);
  if (from < 1 || from > to) throw new LogRangeError('from', frontier.size);
  const ranges = consistencyRanges(from, to);
  return hashesOf(ranges, await nodesOf(store, frontier, to, nodesFor(ranges)));
}

/**
 * The offline proof for a notice's entry against the newest checkpoint (the QR code of its 登报证明), or
 * undefined while no checkpoint covers it yet (the next publication run signs one).
 */
export async function offlineProof(store: StoreContext, logIndex: number): Promise<string | undefined> {
  const [checkpoint, stored] = await Promise.all([latestCheckpoint(store), readEntry(store, logIndex)]);
  if (!checkpoint || !stored || checkpoint.size <= logIndex) return undefined;
  const note = parseSignedNote(checkpoint.note) as SignedNote;
  const origin = note.text.split('\n')[0] as string;
  const ranges = inclusionRanges(logIndex, checkpoint.size);
  const proof = hashesOf(ranges, await readNodes(store, nodesFor(ranges)));
  return encodeOfflineProof({ index: logIndex, treeSize: checkpoint.size, proof, signatures: note.signatures, entry: utf8(stored.entry) }, origin);
}

/** A witness cosignature the log will not keep, and why (the route makes it a 400 on `cosignature`). */
export class CosignatureRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CosignatureRefused';
  }
}

/**
 * Adds a witness's cosignature (c2sp.org/tlog-cosignature, one `— <name> <base64>` line) to the newest checkpoint,
 * if it comes from a witness the log is configured to accept and verifies over that checkpoint. Idempotent.
 */
export async function acceptCosignature(store: StoreContext, signer: LogSigner, line: string): Promise<{ treeSize: number; witness: string }> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const latest = await latestCheckpoint(store);
    if (!latest) throw new CosignatureRefused('there is no checkpoint to cosign yet');
    const signatureLine = `${line.trim()}\n`;
    const candidate = parseSignedNote(`${latest.note}${signatureLine}`);
    const added = typeof candidate === 'string' ? undefined : candidate.signatures.at(-1);
    if (typeof candidate === 'string' || !added) throw new CosignatureRefused('this is not a signature line (— <name> <base64>)');
    const witness = parseVerifierKeys(signer.witnesses).find((key) => key.name === added.name && key.id === added.id);
    if (!witness) throw new CosignatureRefused(`${added.name} is not a witness this log accepts`);
    const failure = await verifyNote({ text: candidate.text, signatures: [added] }, witness);
    if (failure) throw new CosignatureRefused(`${failure} over the latest checkpoint (size ${latest.size})`);
    if (latest.note.split('\n').includes(line.trim())) return { treeSize: latest.size, witness: witness.name };
    if (await replaceCheckpointNote(store, latest.size, latest.note, `${latest.note}${signatureLine}`)) return { treeSize: latest.size, witness: witness.name };
  }
  throw new CosignatureRefused('the checkpoint changed meanwhile; send the cosignature again');
}
