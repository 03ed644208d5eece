import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifierKey, type VerifierKey } from '../domain/log/note.js';
import type { PublisherIdentity } from '../domain/publisher.js';
import { callDependency, DependencyFailure } from '../store/errors.js';

/**
 * Who signs the log's checkpoints: an Ed25519 key, with the name of the newspaper that signs. In AWS the key lives
 * in KMS (ECC_NIST_EDWARDS25519, sign only) and never leaves it; locally it is a file under DATA_DIR (0600).
 */
export interface LogSigner {
  readonly key: VerifierKey;
  /** The newspaper, as the verify page names the signer. */
  readonly publisher: string;
  /** Verifier keys (c2sp.org/tlog-cosignature, type 0x04) of the witnesses whose cosignatures the log accepts. */
  readonly witnesses: readonly string[];
  /** Pure Ed25519 (RFC 8032) over the message, as C2SP signed notes require. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** The log's identity: its origin line (also the key name) and who publishes it. */
export interface LogIdentity {
  readonly origin: string;
  readonly publisher: string;
  readonly witnesses: readonly string[];
}

export const DEFAULT_LOG_ORIGIN = 'shengming.local/log';

/**
 * `LOG_ORIGIN` (a schema-less URL, e.g. `notices.example.cn/log`) and `LOG_WITNESSES` (witness verifier keys,
 * separated by spaces, commas or newlines); the log is signed in the name of the newspaper (its publisher identity).
 */
export function logIdentityFromEnvironment(publisher: PublisherIdentity, env: Record<string, string | undefined> = process.env): LogIdentity {
  return {
    origin: env.LOG_ORIGIN || DEFAULT_LOG_ORIGIN,
    publisher: publisher.name,
    witnesses: (env.LOG_WITNESSES ?? '').split(/[\s,]+/).filter((key) => key !== ''),
  };
}

/** The 32 raw bytes of an Ed25519 public key from its DER SubjectPublicKeyInfo (what KMS GetPublicKey returns). */
export function ed25519FromSpki(der: Uint8Array): Uint8Array {
  const key = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
  const { x } = key.export({ format: 'jwk' });
  if (key.asymmetricKeyType !== 'ed25519' || !x) throw new Error('the log key is not an Ed25519 key');
  return new Uint8Array(Buffer.from(x, 'base64url'));
}

function signerFromKeyObject(privateKey: KeyObject, identity: LogIdentity): LogSigner {
  const publicKey = ed25519FromSpki(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }));
  return {
    key: verifierKey(identity.origin, publicKey),
    publisher: identity.publisher,
    witnesses: identity.witnesses,
    sign: async (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

/** The local signing key, made once under DATA_DIR (mode 0600) so checkpoints stay verifiable across restarts. */
export function localLogSigner(dataDir: string, identity: LogIdentity): LogSigner {
  const directory = join(dataDir, 'auth');
  const path = join(directory, 'log-signing-key.pem');
  if (!existsSync(path)) {
    mkdirSync(directory, { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  return signerFromKeyObject(createPrivateKey(readFileSync(path, 'utf8')), identity);
}

/**
 * The KMS signer. `ED25519_SHA_512` with `MessageType: RAW` is pure Ed25519 (RFC 8032 §5.1.6, SHA-512 inside the
 * algorithm) over the message itself, which is what a signed note needs; `ED25519_PH_SHA_512` (DIGEST) would be
 * Ed25519ph, which no note verifier accepts. A checkpoint is far below KMS's 4096-byte message limit.
 */
export function kmsLogSigner(keyId: string, identity: LogIdentity): () => Promise<LogSigner> {
  let signer: Promise<LogSigner> | undefined;
  return () => {
    signer ??= (async () => {
      const { KMSClient, GetPublicKeyCommand, SignCommand } = await import('@aws-sdk/client-kms');
      const kms = new KMSClient({});
      const { PublicKey } = await callDependency('KMS', () => kms.send(new GetPublicKeyCommand({ KeyId: keyId })));
      if (!PublicKey) throw new DependencyFailure('KMS', new Error('KMS returned no public key for the log key'));
      return {
        key: verifierKey(identity.origin, ed25519FromSpki(PublicKey)),
        publisher: identity.publisher,
        witnesses: identity.witnesses,
        sign: async (message) => {
          const { Signature } = await callDependency('KMS', () =>
            kms.send(new SignCommand({ KeyId: keyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ED25519_SHA_512' })),
          );
          if (!Signature || Signature.length !== 64) throw new DependencyFailure('KMS', new Error('KMS returned no Ed25519 signature'));
          return Signature;
        },
      };
    })();
    signer.catch(() => (signer = undefined));
    return signer;
  };
}
