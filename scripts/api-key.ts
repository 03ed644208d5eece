import { resolve } from 'node:path';
import { ORGANISATION_KINDS } from '../shared/domain/api-keys.js';
import { InvalidInput } from '../shared/domain/errors.js';
import { newApiKey } from '../shared/services/api-keys.js';
import { spoolApiKey } from './local-api-keys.js';
import { localClock } from './local-clock.js';

/** `npm run api-key -- <verifier|agency> <organisation name>`: one line on stdout, a key the local `npm start` accepts. */
const [kind, ...nameParts] = process.argv.slice(2);
const organisation = nameParts.join(' ');
if (!kind || !(ORGANISATION_KINDS as readonly string[]).includes(kind) || organisation.trim() === '') {
  console.error(`usage: npm run api-key -- <${ORGANISATION_KINDS.join('|')}> <organisation name> (DAILY_QUOTA=<n> to set the quota)`);
  process.exit(2);
}
const dataDir = resolve(process.env.DATA_DIR ?? './.data');
try {
  // Dated by the local clock (CLOCK), as `npm start` and `npm run token` are.
  const now = localClock({ dataDir, clock: process.env.CLOCK }).now();
  const dailyQuota = process.env.DAILY_QUOTA ? Number(process.env.DAILY_QUOTA) : undefined;
  const { stored, apiKey } = newApiKey({ kind, organisation, ...(dailyQuota !== undefined ? { dailyQuota } : {}) }, now, 'npm run api-key');
  spoolApiKey(dataDir, stored);
  process.stdout.write(`${apiKey}\n`);
} catch (error) {
  console.error(error instanceof InvalidInput ? error.errors.map((field) => `${field.path}: ${field.message.en}`).join('\n') : error instanceof Error ? error.message : error);
  process.exit(2);
}
