/**
 * Which editions a declaration is in: what taking it out reads (unplacement.ts), and what its filer sees of where
 * it is printed. A placement an editor took out is deleted with the take-out, so only editions it is in are read.
 */
import { shanghaiDate } from '../domain/editions.js';
import { isPlaced } from '../domain/lifecycle.js';
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

/** Where the filer's notice is in the paper. */
export interface EditionsOfDeclaration {
  /** The editions that printed it, earliest first. */
  readonly printed: readonly PrintedNotice[];
  /**
   * The dates of the editions it is placed in that have not printed it yet, earliest first. They give it no
   * number before publication: the one the print layout shows may still change.
   */
  readonly scheduled: readonly string[];
}

/**
 * What following a declaration reads of its editions: the placements of a scheduled declaration, or of a published
 * one (a run may still have editions to come); nothing for any other, which is in no edition.
 */
export async function placementsToFollow(store: StoreContext, declaration: StoredDeclaration): Promise<PlacedIn[]> {
  return isPlaced(declaration.status) || declaration.status === 'published' ? placementsOf(store, declaration) : [];
}

/** The editions of these placements: those that printed the notice and those still to come. */
export function editionsIn(placements: readonly PlacedIn[]): EditionsOfDeclaration {
  const placed = placements.map(({ placement }) => placement);
  return {
    printed: placed.flatMap(({ date, noticeNo, publishedAt }) =>
      noticeNo !== undefined && publishedAt !== undefined ? [{ editionDate: date, noticeNo, publishedAt, path: `/notices/${noticeNo}` }] : [],
    ),
    scheduled: placed.filter(({ publishedAt }) => publishedAt === undefined).map(({ date }) => date),
  };
}
