/**
 * Which editions a declaration is in: what taking it out reads (unplacement.ts), and where its filer can see it was
 * printed. A placement an editor took out is deleted with the take-out, so only editions it is in are read.
 */
import { shanghaiDate } from '../domain/editions.js';
import type { StoredDeclaration } from '../store/declaration-store.js';
import type { StoreContext } from '../store/client.js';
import { placementsOfDeclaration, type PlacedIn } from '../store/edition-store.js';

/**
 * The declaration's placements. They are in editions dated after it was last submitted: it was approved after
 * that, then placed before an edition's cut-off, which falls before the edition's day.
 */
export function placementsOf(store: StoreContext, declaration: StoredDeclaration): Promise<PlacedIn[]> {
  return placementsOfDeclaration(store, declaration.id, shanghaiDate(new Date(declaration.submittedAt)));
}

/** The notice as one edition printed it: its number there (each edition of a run gives its own) and its public page. */
export interface PrintedNotice {
  readonly editionDate: string;
  readonly noticeNo: string;
  readonly publishedAt: string;
  /** The public notice page, as a site path. */
  readonly path: string;
}

/**
 * The editions that have printed the declaration, earliest first. Only published placements count: a number is
 * given at publication, and one the print layout shows before that may still change.
 */
export async function printedNoticesOf(store: StoreContext, declaration: StoredDeclaration): Promise<PrintedNotice[]> {
  // Publishing its first edition makes the declaration published; before that nothing of it is printed.
  if (declaration.status !== 'published') return [];
  return (await placementsOf(store, declaration)).flatMap(({ edition, placement }) =>
    placement.noticeNo !== undefined && placement.publishedAt !== undefined
      ? [
          {
            editionDate: edition.date,
            noticeNo: placement.noticeNo,
            publishedAt: placement.publishedAt,
            path: `/notices/${placement.noticeNo}`,
          },
        ]
      : [],
  );
}
