import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, fromBase64, toBase64, utf8 } from './bytes.js';
import { HASH_BYTES, type Hash } from './merkle.js';

/**
 * C2SP signed notes (c2sp.org/signed-note) with Ed25519 signatures, the checkpoints they carry
 * (c2sp.org/tlog-checkpoint) and Ed25519 witness cosignatures (c2sp.org/tlog-cosignature, type 0x04).
 * Signatures are checked with WebCrypto's Ed25519, present in Node and in browsers alike.
 */

/** Signature type bytes of c2sp.org/signed-note. */
export const SIGNATURE_TYPE = { ed25519: 0x01, cosignatureV1: 0x04 } as const;
type SignatureType = (typeof SIGNATURE_TYPE)[keyof typeof SIGNATURE_TYPE];

const ED25519_PUBLIC_KEY_BYTES = 32;
const ED25519_SIGNATURE_BYTES = 64;
const MAX_SIGNATURES = 32;

/** key ID = SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key)[:4], as a big-endian uint32. */
export function keyId(name: string, type: SignatureType, publicKey: Uint8Array): number {
  const digest = sha256(concatBytes(utf8(name), Uint8Array.of(0x0a, type), publicKey));
  return new DataView(digest.buffer, digest.byteOffset, 4).getUint32(0);
}

export interface VerifierKey {
  readonly name: string;
  readonly id: number;
  readonly type: SignatureType;
  readonly publicKey: Uint8Array;
}

const isKeyName = (name: string) => name.length > 0 && !/[\s+]/u.test(name) && !/[\u0000-\u001f]/.test(name);

export function verifierKey(name: string, publicKey: Uint8Array, type: SignatureType = SIGNATURE_TYPE.ed25519): VerifierKey {
  if (!isKeyName(name)) throw new RangeError('a key name is non-empty, without spaces or "+"');
  if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES) throw new RangeError('an Ed25519 public key is 32 bytes');
  return { name, id: keyId(name, type, publicKey), type, publicKey };
}

const hexId = (id: number) => id.toString(16).padStart(8, '0');

/** `<name>+<hex key id>+<base64(type ‖ public key)>`. */
export function encodeVerifierKey(key: VerifierKey): string {
  return `${key.name}+${hexId(key.id)}+${toBase64(concatBytes(Uint8Array.of(key.type), key.publicKey))}`;
}

export function parseVerifierKey(text: string): VerifierKey | string {
  // The key name holds no "+" and the id is eight hex digits; the base64 key after them may hold "+".
  const match = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(text.trim());
  if (!match) return 'a verifier key is <name>+<hex key id>+<base64 key>';
  const [, name, id, material] = match as unknown as [string, string, string, string];
  const bytes = fromBase64(material);
  if (!isKeyName(name) || !/^[0-9a-f]{8}$/.test(id) || !bytes || bytes.length !== 1 + ED25519_PUBLIC_KEY_BYTES) return 'the verifier key is malformed';
  const type = bytes[0];
  if (type !== SIGNATURE_TYPE.ed25519 && type !== SIGNATURE_TYPE.cosignatureV1) return 'the verifier key is not an Ed25519 key';
  const key = verifierKey(name, bytes.slice(1), type);
  return hexId(key.id) === id ? key : 'the verifier key id does not match its key';
}

export interface NoteSignature {
  readonly name: string;
  readonly id: number;
  /** The bytes after the key id: an Ed25519 signature, or a cosignature's timestamp and signature. */
  readonly signature: Uint8Array;
}

export interface SignedNote {
  /** The signed text, ending in a newline. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

export function signatureLine(signature: NoteSignature): string {
  const id = new Uint8Array(4);
  new DataView(id.buffer).setUint32(0, signature.id);
  return `— ${signature.name} ${toBase64(concatBytes(id, signature.signature))}\n`;
}

export function formatSignedNote(note: SignedNote): string {
  return `${note.text}\n${note.signatures.map(signatureLine).join('')}`;
}

/** Splits a note into its text and signature lines; a reason when it is not a well-formed signed note. */
export function parseSignedNote(note: string): SignedNote | string {
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) return 'the note holds control characters';
  if (!note.endsWith('\n')) return 'the note does not end with a newline';
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return 'the note has no signatures';
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) return 'the note has too many signatures';
  const signatures: NoteSignature[] = [];
  for (const line of lines) {
    const match = /^— (\S+) (\S+)$/u.exec(line);
    const bytes = match ? fromBase64(match[2] as string) : undefined;
    if (!match || !bytes || bytes.length < 5 || !isKeyName(match[1] as string)) return 'a signature line is malformed';
    signatures.push({ name: match[1] as string, id: new DataView(bytes.buffer).getUint32(0), signature: bytes.slice(4) });
  }
  return { text, signatures };
}

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Hash;
}

export function checkpointText(checkpoint: Checkpoint): string {
  return `${checkpoint.origin}\n${checkpoint.size}\n${toBase64(checkpoint.root)}\n`;
}

export function parseCheckpoint(text: string): Checkpoint | string {
  const lines = text.split('\n');
  if (lines.length < 4 || lines.at(-1) !== '') return 'the checkpoint has fewer than three lines';
  const [origin, size, root] = lines as [string, string, string];
  const rootBytes = fromBase64(root);
  if (!origin) return 'the checkpoint has no origin';
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) return 'the checkpoint size is not a number';
  if (!rootBytes || rootBytes.length !== HASH_BYTES) return 'the checkpoint root is not a SHA-256 hash';
  if (lines.slice(3, -1).some((line) => line === '')) return 'the checkpoint has an empty extension line';
  return { origin, size: Number(size), root: rootBytes };
}

async function ed25519Verify(publicKey: Uint8Array, signature: Uint8Array, message: Uint8Array): Promise<boolean> {
  if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
  const key = await crypto.subtle.importKey('raw', new Uint8Array(publicKey), { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, new Uint8Array(signature), new Uint8Array(message));
}

/**
 * Checks a note against one trusted key as the spec says: signatures from other keys are ignored, the known
 * key's signature must be there and must verify. Undefined when it holds, else the reason.
 */
export async function verifyNote(note: SignedNote, key: VerifierKey): Promise<string | undefined> {
  const mine = note.signatures.filter((signature) => signature.name === key.name && signature.id === key.id);
  if (mine.length === 0) return `the note is not signed by ${key.name}`;
  for (const signature of mine) {
    const valid =
      key.type === SIGNATURE_TYPE.cosignatureV1
        ? await verifyCosignature(note.text, signature.signature, key.publicKey)
        : await ed25519Verify(key.publicKey, signature.signature, utf8(note.text));
    if (!valid) return `the signature of ${key.name} does not verify`;
  }
  return undefined;
}

/** The message an Ed25519 witness signs (tlog-cosignature v1): header, time line, then the checkpoint text. */
export function cosignatureMessage(timestamp: number, checkpointNoteText: string): Uint8Array {
  return utf8(`cosignature/v1\ntime ${timestamp}\n${checkpointNoteText}`);
}

/** The time (POSIX seconds) a cosignature states, read from its first eight bytes. */
export function cosignatureTime(signature: Uint8Array): number | undefined {
  if (signature.length !== 8 + ED25519_SIGNATURE_BYTES) return undefined;
  const time = new DataView(signature.buffer, signature.byteOffset, 8).getBigUint64(0);
  return time <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(time) : undefined;
}

async function verifyCosignature(text: string, signature: Uint8Array, publicKey: Uint8Array): Promise<boolean> {
  const time = cosignatureTime(signature);
  return time !== undefined && ed25519Verify(publicKey, signature.slice(8), cosignatureMessage(time, text));
}

export interface WitnessCosignature {
  readonly name: string;
  /** When the witness cosigned (POSIX seconds). */
  readonly time: number;
}

/** The witnesses among `witnesses` whose cosignature on this note verifies (others' lines are ignored). */
export async function verifiedWitnesses(note: SignedNote, witnesses: readonly VerifierKey[]): Promise<WitnessCosignature[]> {
  const verified: WitnessCosignature[] = [];
  for (const witness of witnesses) {
    const line = note.signatures.find((signature) => signature.name === witness.name && signature.id === witness.id);
    const time = line ? cosignatureTime(line.signature) : undefined;
    if (line && time !== undefined && (await verifyNote(note, witness)) === undefined) verified.push({ name: witness.name, time });
  }
  return verified;
}

/** The verifier keys of a list, leaving out any that do not parse (configuration is checked where it is set). */
export function parseVerifierKeys(texts: readonly string[]): VerifierKey[] {
  return texts.map(parseVerifierKey).filter((key): key is VerifierKey => typeof key !== 'string');
}
