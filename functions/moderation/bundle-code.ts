// What the bundle console calls, in one module it imports on demand (console-bundles.ts). Named, not the services'
// whole namespaces: an `import()` keeps every export of what it loads, and the bundle service's filing side would
// bring the validator and zod with it.
export { BundleAlreadyDecided, BundleNotFound } from '../../shared/domain/bundle.js';
export { bundleOverview, decideBundle } from '../../shared/services/bundles.js';
export { isBundleAction, listBundles } from '../../shared/store/bundle-store.js';
