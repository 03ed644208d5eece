import { resolve } from 'node:path';
import { STAFF_ROLES, type StaffRole } from '../shared/http/staff-auth.js';
import { localStaffAuth } from './local-auth.js';

/** `npm run token -- <role>`: one line on stdout, a bearer token the local `npm start` accepts. */
const role = process.argv[2];
if (!role || !(STAFF_ROLES as readonly string[]).includes(role)) {
  console.error(`usage: npm run token -- <${STAFF_ROLES.join('|')}>`);
  process.exit(2);
}
const auth = await localStaffAuth(resolve(process.env.DATA_DIR ?? './.data'));
process.stdout.write(`${await auth.issueToken(role as StaffRole)}\n`);
