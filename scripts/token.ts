import { resolve } from 'node:path';
import { STAFF_ROLES, type StaffRole } from '../shared/http/staff-auth.js';
import { localStaffAuth, savedLocalIssuer } from './local-auth.js';
import { localClock, type LocalClock } from './local-clock.js';

/** `npm run token -- <role>`: one line on stdout, a bearer token the local `npm start` accepts. */
const role = process.argv[2];
if (!role || !(STAFF_ROLES as readonly string[]).includes(role)) {
  console.error(`usage: npm run token -- <${STAFF_ROLES.join('|')}>`);
  process.exit(2);
}
const dataDir = resolve(process.env.DATA_DIR ?? './.data');
let clock: LocalClock;
try {
  clock = localClock({ dataDir, clock: process.env.CLOCK });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
// The issuer of the provider `npm start` runs on this DATA_DIR (its port may differ from this shell's PORT).
const auth = await localStaffAuth(dataDir, clock.now, savedLocalIssuer(dataDir));
process.stdout.write(`${await auth.issueToken(role as StaffRole)}\n`);
