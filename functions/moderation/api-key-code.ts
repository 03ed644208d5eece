// What the API-key routes call, in one module they import on demand (api-key-routes.ts). Named, not the service's
// whole namespace: an `import()` keeps every export of what it loads.
export { isApiKeyId } from '../../shared/domain/api-keys.js';
export { ApiKeyNotFound, issueApiKey, listKeys, revokeApiKey, rotateApiKey } from '../../shared/services/api-keys.js';
