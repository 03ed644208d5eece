import type { DeclarationInput } from '../domain/declaration.js';
import type { DeclarationStatus } from '../domain/lifecycle.js';
import { searchTerm, searchTermsOf } from '../domain/search.js';
import type { StoreContext } from '../store/client.js';
import { getDeclarations, type Page, type StoredDeclaration } from '../store/declaration-store.js';
import { searchIndexPage } from '../store/search-index.js';
import type { LookupHasher } from './lookup-key.js';

export interface SearchContext {
  readonly store: StoreContext;
  /** The same keyed hash as public lookups, over a distinct input, so a search partition never equals a lookup one. */
  readonly lookupHasher: () => Promise<LookupHasher>;
}

const searchHash = (hash: LookupHasher, term: string) => hash(`staff-search\u0000${term}`);

/** The `searchHashes` a declaration is stored with: one per term it is found by. */
export function searchHashesOf(hash: LookupHasher, id: string, declaration: DeclarationInput): string[] {
  return searchTermsOf(id, declaration).map((term) => searchHash(hash, term));
}

/**
 * Index pages read per request at most: with a status filter that few match, a page may come back short (with
 * `next`) rather than the request reading a long term's whole history.
 */
const MAX_INDEX_PAGES = 5;

/**
 * Declarations whose name, certificate number or id folds to the same term as `text`, newest first: index pages
 * (one Query each), then the declarations (BatchGet); a status filter applies to what was read, and reading goes
 * on until the page is full, the term's index ends or MAX_INDEX_PAGES were read.
 */
export async function searchDeclarations(
  context: SearchContext,
  text: string,
  options: { limit: number; status?: DeclarationStatus; cursor?: string },
): Promise<Page<StoredDeclaration>> {
  const hash = searchHash(await context.lookupHasher(), searchTerm(text));
  const items: StoredDeclaration[] = [];
  let cursor = options.cursor;
  for (let read = 0; read < MAX_INDEX_PAGES && items.length < options.limit; read += 1) {
    const page = await searchIndexPage(context.store, hash, { limit: options.limit - items.length, ...(cursor ? { cursor } : {}) });
    const declarations = await getDeclarations(context.store, page.ids);
    for (const id of page.ids) {
      const declaration = declarations.get(id);
      if (declaration && (!options.status || declaration.status === options.status)) items.push(declaration);
    }
    cursor = page.next;
    if (!cursor) break;
  }
  return { items, ...(cursor ? { next: cursor } : {}) };
}
