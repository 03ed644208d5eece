import { DEMO_PUBLISHER, publisherIdentity, type PublisherField, type PublisherIdentity } from '../domain/publisher.js';

/** A setting the deployment must provide; its absence is a deployment error worth failing loudly at cold start. */
export function requiredEnv(name: string, env: Record<string, string | undefined> = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The environment variable of each publisher field (in AWS set from stack context: infra/stack.ts). */
export const PUBLISHER_ENV: Readonly<Record<PublisherField, string>> = {
  name: 'PUBLISHER_NAME',
  masthead: 'PUBLISHER_MASTHEAD',
  address: 'PUBLISHER_ADDRESS',
  phone: 'PUBLISHER_PHONE',
  website: 'PUBLISHER_WEBSITE',
};

/**
 * The newspaper from `PUBLISHER_*`; with none of them set, the demo newspaper. A partial or invalid identity is a
 * deployment error: it fails at cold start rather than print a proof naming the wrong paper.
 */
export function publisherIdentityFromEnvironment(env: Record<string, string | undefined> = process.env): PublisherIdentity {
  const fields = Object.fromEntries(
    Object.entries(PUBLISHER_ENV).flatMap(([field, name]) => (env[name] ? [[field, env[name]]] : [])),
  ) as Partial<Record<PublisherField, string>>;
  if (Object.keys(fields).length === 0) return DEMO_PUBLISHER;
  const identity = publisherIdentity(fields);
  if ('problems' in identity) {
    const problems = Object.entries(identity.problems).map(([field, problem]) => `${PUBLISHER_ENV[field as PublisherField]} ${problem}`);
    throw new Error(`the publisher identity is incomplete: ${problems.join('; ')}`);
  }
  return identity;
}
