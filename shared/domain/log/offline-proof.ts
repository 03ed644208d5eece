import { concatBytes, fromBase64Url, toBase64Url, utf8, fromUtf8 } from './bytes.js';
import { parseEntry, type LogRecord } from './entry.js';
import { HASH_BYTES, leafHash, rootFromInclusion, type Hash } from './merkle.js';
import { checkpointText, verifiedWitnesses, verifyNote, type NoteSignature, type VerifierKey, type WitnessCosignature } from './note.js';

/**
 * The offline proof of publication a 登报证明's QR code carries: the entry, its inclusion proof and the signed
 * checkpoint, packed small enough for one QR code. The checkpoint is carried by its signatures and size only:
 * its origin is the log key's name and its root is what the inclusion proof leads to, so the reader rebuilds
 * the checkpoint text and checks the signature over it; a changed byte anywhere breaks that signature.
 *
 *   version (1) · leaf index (varint) · tree size (varint) · proof length (1 byte) · proof hashes (32 bytes each)
 *   · signature count (1 byte) · per signature: name length (varint; 0 = the log key's own name), name (UTF-8),
 *     key id (4), signature length (varint), signature · then the entry bytes to the end
 */

const FORMAT_VERSION = 1;

export interface OfflineProof {
  readonly index: number;
  readonly treeSize: number;
  readonly proof: readonly Hash[];
  /** The checkpoint's signatures: the log's own, then any witnesses' cosignatures. */
  readonly signatures: readonly NoteSignature[];
  readonly entry: Uint8Array;
}

function varint(value: number): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Uint8Array.from(bytes);
}

export function encodeOfflineProof(proof: OfflineProof, logKeyName: string): string {
  const signatures = proof.signatures.flatMap((signature) => {
    const name = signature.name === logKeyName ? new Uint8Array(0) : utf8(signature.name);
    const id = new Uint8Array(4);
    new DataView(id.buffer).setUint32(0, signature.id);
    return [varint(name.length), name, id, varint(signature.signature.length), signature.signature];
  });
  return toBase64Url(
    concatBytes(
      Uint8Array.of(FORMAT_VERSION),
      varint(proof.index),
      varint(proof.treeSize),
      Uint8Array.of(proof.proof.length),
      ...proof.proof,
      Uint8Array.of(proof.signatures.length),
      ...signatures,
      proof.entry,
    ),
  );
}

class Reader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  byte(): number {
    const value = this.bytes[this.offset];
    if (value === undefined) throw new RangeError('truncated');
    this.offset += 1;
    return value;
  }

  varint(): number {
    let value = 0;
    for (let scale = 1; ; scale *= 0x80) {
      const byte = this.byte();
      value += (byte % 0x80) * scale;
      if (byte < 0x80) break;
      if (scale > 2 ** 49) throw new RangeError('varint too long');
    }
    return value;
  }

  take(length: number): Uint8Array {
    if (this.offset + length > this.bytes.length) throw new RangeError('truncated');
    const slice = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  rest(): Uint8Array {
    return this.take(this.bytes.length - this.offset);
  }
}

export function decodeOfflineProof(code: string, logKeyName: string): OfflineProof | undefined {
  const bytes = fromBase64Url(code.trim());
  if (!bytes) return undefined;
  try {
    const reader = new Reader(bytes);
    if (reader.byte() !== FORMAT_VERSION) return undefined;
    const index = reader.varint();
    const treeSize = reader.varint();
    const proof = Array.from({ length: reader.byte() }, () => reader.take(HASH_BYTES));
    const signatures = Array.from({ length: reader.byte() }, (): NoteSignature => {
      const nameLength = reader.varint();
      const name = nameLength === 0 ? logKeyName : fromUtf8(reader.take(nameLength));
      const id = new DataView(reader.take(4).buffer).getUint32(0);
      return { name, id, signature: reader.take(reader.varint()) };
    });
    return { index, treeSize, proof, signatures, entry: reader.rest() };
  } catch {
    return undefined;
  }
}

/** Why an offline proof was refused (the page words each one for its reader). */
export type OfflineFailure = 'damaged' | 'not_a_notice' | 'not_in_log' | 'not_signed' | 'bad_signature';

export type OfflineVerdict =
  | {
      readonly ok: true;
      readonly record: LogRecord;
      readonly index: number;
      readonly treeSize: number;
      /** The known witnesses that cosigned the checkpoint (c2sp.org/tlog-cosignature). */
      readonly witnesses: readonly WitnessCosignature[];
    }
  | { readonly ok: false; readonly reason: OfflineFailure; readonly detail: string };

/**
 * Checks an offline proof with nothing but the log's public key: the entry is a notice record, the inclusion
 * proof puts it in a tree, and the log's key signed that tree's checkpoint. No network.
 */
export async function checkOfflineProof(code: string, logKey: VerifierKey, witnessKeys: readonly VerifierKey[] = []): Promise<OfflineVerdict> {
  const proof = decodeOfflineProof(code, logKey.name);
  if (!proof) return { ok: false, reason: 'damaged', detail: 'the proof code cannot be read' };
  const record = parseEntry(proof.entry);
  if (typeof record === 'string') return { ok: false, reason: 'not_a_notice', detail: record };
  const root = rootFromInclusion(proof.index, proof.treeSize, leafHash(proof.entry), proof.proof);
  if (typeof root === 'string') return { ok: false, reason: 'not_in_log', detail: root };
  const text = checkpointText({ origin: logKey.name, size: proof.treeSize, root });
  const note = { text, signatures: proof.signatures };
  const failure = await verifyNote(note, logKey);
  if (failure) return { ok: false, reason: proof.signatures.some((s) => s.name === logKey.name && s.id === logKey.id) ? 'bad_signature' : 'not_signed', detail: failure };
  return { ok: true, record, index: proof.index, treeSize: proof.treeSize, witnesses: await verifiedWitnesses(note, witnessKeys) };
}
