import type { StoredDeclaration } from '../store/declaration-store.js';

/** What staff see: everything (unmasked: staff routes only), except the receipt's hash. */
export function staffView(declaration: StoredDeclaration): Omit<StoredDeclaration, 'receiptHash'> {
  const { receiptHash: _receiptHash, ...view } = declaration;
  return view;
}
