import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { WATCH_SECRET_SEAL_SECONDS } from '../domain/watch-limits.js';
import { readSecretString } from '../store/secrets-manager.js';

/**
 * Sealed form values: after a round trip to the server (a validation error, a preview without JavaScript) the
 * form must keep the phone and ID number the filer typed without echoing them into the page. The page carries
 * them sealed instead: AES-256-GCM under a server key, with the form's id and the field's name as associated
 * data (a sealed value moved to another form or field does not open) and an expiry inside the ciphertext.
 */
export interface ValueSealer {
  seal(value: string, binding: SealBinding): string;
  /** The value, or undefined when the token was tampered with, has expired, or belongs to another form or field. */
  open(token: string, binding: SealBinding): string | undefined;
}

export interface SealBinding {
  /** The form's own id (its Idempotency-Key), or the declaration and version an edit form is for. */
  readonly form: string;
  readonly field: string;
}

/** Long enough to fix a form and submit it; short enough that a page left open or cached soon holds nothing. */
export const SEALED_VALUE_LIFETIME_SECONDS = 30 * 60;

const VERSION = 's1';

export function createValueSealer(secret: string, now: () => Date, lifetimeSeconds = SEALED_VALUE_LIFETIME_SECONDS): ValueSealer {
  const key = createHash('sha256').update(`sealed-form-values\u0000${secret}`).digest();
  const associated = (binding: SealBinding) => Buffer.from(`${VERSION}\u0000${binding.form}\u0000${binding.field}`, 'utf8');
  return {
    seal(value, binding) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(associated(binding));
      const expires = Math.floor(now().getTime() / 1000) + lifetimeSeconds;
      const body = Buffer.concat([cipher.update(JSON.stringify({ v: value, e: expires }), 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), body].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    open(token, binding) {
      const [version, iv, tag, body, ...rest] = token.split('.');
      if (version !== VERSION || !iv || !tag || !body || rest.length > 0) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(associated(binding));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const payload = JSON.parse(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')) as unknown;
        if (payload === null || typeof payload !== 'object') return undefined;
        const { v, e } = payload as { v?: unknown; e?: unknown };
        if (typeof v !== 'string' || typeof e !== 'number' || e * 1000 <= now().getTime()) return undefined;
        return v;
      } catch {
        // A wrong tag (tampered, another form or field, another key) or a malformed token.
        return undefined;
      }
    },
  };
}

/**
 * The sealer for this runtime, built once on first use: from `<key>` when set (local runs and tests), else from the
 * Secrets Manager secret named by `<key>_SECRET_ARN` (AWS). `key` is FORM_SEAL_KEY (filing forms) by default.
 */
export function valueSealerFromEnvironment(
  now: () => Date,
  env: Record<string, string | undefined> = process.env,
  { lifetimeSeconds = SEALED_VALUE_LIFETIME_SECONDS, key = 'FORM_SEAL_KEY' }: { lifetimeSeconds?: number; key?: string } = {},
): () => Promise<ValueSealer> {
  let sealer: Promise<ValueSealer> | undefined;
  return () => {
    sealer ??= (async () => {
      const direct = env[key];
      if (direct) return createValueSealer(direct, now, lifetimeSeconds);
      const secretId = env[`${key}_SECRET_ARN`];
      if (!secretId) throw new Error(`neither ${key} nor ${key}_SECRET_ARN is set`);
      return createValueSealer(await readSecretString(secretId), now, lifetimeSeconds);
    })();
    sealer.catch(() => (sealer = undefined));
    return sealer;
  };
}

/** The sealer of watches' webhook signing secrets (WEBHOOK_SEAL_KEY, in AWS its secret): partners seals, the outbox opens. */
export function webhookSealerFromEnvironment(now: () => Date, env: Record<string, string | undefined> = process.env): () => Promise<ValueSealer> {
  return valueSealerFromEnvironment(now, env, { key: 'WEBHOOK_SEAL_KEY', lifetimeSeconds: WATCH_SECRET_SEAL_SECONDS });
}
