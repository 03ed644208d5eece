import { handle } from 'hono/aws-lambda';
import { createLogger } from '../../shared/http/logger.js';
import { createStaffVerifier } from '../../shared/http/staff-auth.js';
import { lookupHasherFromEnvironment } from '../../shared/services/lookup-key.js';
import { createStoreContext } from '../../shared/store/client.js';
import { createModerationApp } from './app.js';

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export const handler = handle(
  createModerationApp({
    store: createStoreContext(),
    logger: createLogger('moderation'),
    now: () => new Date(),
    lookupHasher: lookupHasherFromEnvironment(),
    verifyStaff: createStaffVerifier({ userPoolId: requiredEnv('USER_POOL_ID'), clientId: requiredEnv('USER_POOL_CLIENT_ID') }),
  }),
);
