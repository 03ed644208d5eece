import { maskSensitiveText } from '../domain/index.js';
import type { StoreContext } from '../store/client.js';
import { getDeclaration, listDuePurges, replacePurged, type StoredDeclaration } from '../store/declaration-store.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_CONTACT_RETENTION_DAYS = 90;

/**
 * How long the full ID and phone number are kept after publication or withdrawal (`CONTACT_RETENTION_DAYS`,
 * default 90): long enough for the newspaper to answer questions about a notice, no longer.
 */
export function contactRetentionDays(env: Record<string, string | undefined> = process.env): number {
  const days = Number(env.CONTACT_RETENTION_DAYS ?? DEFAULT_CONTACT_RETENTION_DAYS);
  return Number.isFinite(days) && days >= 0 ? days : DEFAULT_CONTACT_RETENTION_DAYS;
}

export function purgeTime(from: Date, retentionDays = contactRetentionDays()): string {
  return new Date(from.getTime() + retentionDays * DAY_MS).toISOString();
}

/** The declaration with its personal numbers masked, as kept after the retention period. */
export function purgedDeclaration(declaration: StoredDeclaration, at: string): StoredDeclaration {
  const { declarant, contact } = declaration.declaration;
  // What the last decision was made on holds the same numbers in full; it is of no use once published or withdrawn.
  const { reviewed: _reviewed, ...kept } = declaration;
  return {
    ...kept,
    declaration: {
      ...declaration.declaration,
      declarant: declarant.type === 'person' && declarant.idNumber ? { ...declarant, idNumber: maskSensitiveText(declarant.idNumber) } : declarant,
      // The e-mail address served notifications only: nothing is sent after publication or withdrawal.
      contact: { phone: maskSensitiveText(contact.phone) },
    },
    version: declaration.version + 1,
    updatedAt: at,
    purgedAt: at,
  };
}

/** Removes personal data that has outlived its retention; run by the scheduled publisher. */
export async function purgeDueContactData(context: { store: StoreContext; now: () => Date }): Promise<number> {
  let purged = 0;
  for (const id of await listDuePurges(context.store, context.now())) {
    const current = await getDeclaration(context.store, id);
    if (!current || current.purgedAt) continue;
    const at = context.now().toISOString();
    if (await replacePurged(context.store, current, purgedDeclaration(current, at), { at, actor: 'publisher', action: 'purge_personal_data' })) {
      purged += 1;
    }
  }
  return purged;
}
