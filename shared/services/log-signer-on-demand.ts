import type { PublisherIdentity } from '../domain/publisher.js';
import type { LogSigner } from './log-signer.js';

/**
 * The KMS log signer of a function that publishes, with its module (Ed25519 key handling, the signed-note format)
 * imported by the first checkpoint or cosignature: a cold start that publishes nothing parses none of it. The
 * identity is read from the environment then, as `kmsLogSigner` is made.
 */
export function kmsLogSignerOnDemand(keyId: string, publisher: PublisherIdentity): () => Promise<LogSigner> {
  let signer: Promise<() => Promise<LogSigner>> | undefined;
  return async () => {
    signer ??= import('./log-signer.js').then(({ kmsLogSigner, logIdentityFromEnvironment }) => kmsLogSigner(keyId, logIdentityFromEnvironment(publisher)));
    return (await signer)();
  };
}
