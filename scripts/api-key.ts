import { resolve } from 'node:path';
import { ORGANISATION_KINDS } from '../shared/domain/api-keys.js';
import { InvalidInput } from '../shared/domain/errors.js';
import { newApiKey } from '../shared/services/api-keys.js';
import { spoolApiKey } from './local-api-keys.js';

/** `npm run api-key -- <verifier|agency> <organisation name>`: one line on stdout, a key the local `npm start` accepts. */
const [kind, ...nameParts] = process.argv.slice(2);
const organisation = nameParts.join(' ');
if (!kind || !(ORGANISATION_KINDS as readonly string[]).includes(kind) || organisation.trim() === '') {
  console.error(`usage: npm run api-key -- <${ORGANISATION_KINDS.join('|')}> <organisation name> (DAILY_QUOTA=<n> to set the quota)`);
  process.exit(2);
}
try {
  const dailyQuota = process.env.DAILY_QUOTA ? Number(process.env.DAILY_QUOTA) : undefined;
  const { stored, apiKey } = newApiKey({ kind, organisation, ...(dailyQuota !== undefined ? { dailyQuota } : {}) }, new Date(), 'npm run api-key');
  spoolApiKey(resolve(process.env.DATA_DIR ?? './.data'), stored);
  process.stdout.write(`${apiKey}\n`);
} catch (error) {
  if (!(error instanceof InvalidInput)) throw error;
  console.error(error.errors.map((field) => `${field.path}: ${field.message.en}`).join('\n'));
  process.exit(2);
}
