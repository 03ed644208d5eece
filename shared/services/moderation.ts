import type { StoredDeclaration } from '../store/declaration-store.js';

/** What staff see: everything (unmasked: staff routes only), except the receipt's hash and the search hashes. */
export function staffView(declaration: StoredDeclaration): Omit<StoredDeclaration, 'receiptHash' | 'searchHashes'> {
  const { receiptHash: _receiptHash, searchHashes: _searchHashes, ...view } = declaration;
  return view;
}
