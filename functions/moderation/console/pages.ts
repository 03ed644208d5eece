import { onDemand } from '../../../shared/web/on-demand.js';

// The console's pages, each loaded by the first request that renders it: the staff API's requests never parse them
// (docs/BENCHMARKS.md, "Cold start and bundle size"). A route renders one by calling it with its props.
export const QueuePage = onDemand(async () => (await import('./queue-page.js')).QueuePage);
export const DeclarationPage = onDemand(async () => (await import('./declaration-page.js')).DeclarationPage);
export const DeclarationNotFoundPage = onDemand(async () => (await import('./declaration-page.js')).DeclarationNotFoundPage);
export const EditionsPage = onDemand(async () => (await import('./editions-page.js')).EditionsPage);
export const ConfirmPublishPage = onDemand(async () => (await import('./editions-page.js')).ConfirmPublishPage);
export const EditionPage = onDemand(async () => (await import('./edition-page.js')).EditionPage);
export const ConfirmTakeOutPage = onDemand(async () => (await import('./edition-page.js')).ConfirmTakeOutPage);
export const SearchPage = onDemand(async () => (await import('./search-page.js')).SearchPage);
export const BundlesPage = onDemand(async () => (await import('./bundles-pages.js')).BundlesPage);
export const BundlePage = onDemand(async () => (await import('./bundles-pages.js')).BundlePage);
export const BundleNotFoundPage = onDemand(async () => (await import('./bundles-pages.js')).BundleNotFoundPage);
export const SignInMessagePage = onDemand(async () => (await import('./sign-in-pages.js')).SignInMessagePage);
export const ForbiddenPage = onDemand(async () => (await import('./sign-in-pages.js')).ForbiddenPage);
export const PrintPage = onDemand(async () => (await import('../print-page.js')).PrintPage);
