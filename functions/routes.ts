/**
 * Which function serves which paths. API Gateway (infra) and the local server (scripts/start.ts) are both built
 * from this table, so a path goes to the same app in both runtimes.
 *
 * Paths use API Gateway's syntax: `{name}` is one segment, `{proxy+}` is the rest of the path.
 * `staff: true` paths sit behind the Cognito authorizer in AWS (the app checks the role again).
 */
export type HttpFunctionName = 'filing' | 'moderation' | 'verify' | 'pages' | 'partners' | 'bundles';
export type FunctionName = HttpFunctionName | 'publisher' | 'outbox';

export interface RouteMount {
  readonly path: string;
  readonly staff: boolean;
  /** Needs an API key of the partners usage plan in AWS (`X-Api-Key`; the app checks the key again). */
  readonly apiKey?: true;
}

export const HTTP_ROUTES: Readonly<Record<HttpFunctionName, readonly RouteMount[]>> = {
  filing: [
    { path: '/', staff: false },
    { path: '/health', staff: false },
    { path: '/api/v1/health', staff: false },
    { path: '/api/v1/document-types', staff: false },
    { path: '/api/v1/declarations', staff: false },
    { path: '/api/v1/declarations/{proxy+}', staff: false },
    { path: '/api/v1/attachments', staff: false },
    { path: '/declarations/{proxy+}', staff: false },
    { path: '/file', staff: false },
    { path: '/file/{proxy+}', staff: false },
  ],
  moderation: [
    { path: '/api/v1/moderation/{proxy+}', staff: true },
    { path: '/api/v1/editions', staff: true },
    { path: '/api/v1/editions/{proxy+}', staff: true },
    // The console's pages check the staff session themselves (a cookie set by its sign-in page).
    { path: '/staff', staff: false },
    { path: '/staff/{proxy+}', staff: false },
  ],
  verify: [
    { path: '/api/v1/verify', staff: false },
    { path: '/api/v1/notices', staff: false },
    { path: '/api/v1/notices/{proxy+}', staff: false },
    { path: '/feed.atom', staff: false },
    { path: '/openapi.json', staff: false },
    { path: '/docs', staff: false },
    { path: '/api/v1/log/{proxy+}', staff: false },
    { path: '/.well-known/log-key', staff: false },
  ],
  // The public record's pages for people, apart from the API so that a render never shares an environment with lookups.
  pages: [
    { path: '/verify', staff: false },
    { path: '/notices', staff: false },
    { path: '/notices/{proxy+}', staff: false },
    { path: '/log', staff: false },
  ],
  // Authorised verifiers and agencies (API key in X-Api-Key; checked by the app, throttled by the usage plan in AWS).
  partners: [
    { path: '/api/v1/verify/batch', staff: false, apiKey: true },
    { path: '/api/v1/organisation', staff: false, apiKey: true },
    { path: '/api/v1/organisation/{proxy+}', staff: false, apiKey: true },
    { path: '/api/v1/watches', staff: false, apiKey: true },
    { path: '/api/v1/watches/{proxy+}', staff: false, apiKey: true },
  ],
  // Agencies' bundles of declarations (agency key); the templates are for anyone to download.
  bundles: [
    { path: '/api/v1/bundles', staff: false, apiKey: true },
    { path: '/api/v1/bundles/template.csv', staff: false },
    { path: '/api/v1/bundles/template.xlsx', staff: false },
    { path: '/api/v1/bundles/{id}', staff: false, apiKey: true },
  ],
};

/** Source entry of each Lambda, relative to the repository root (NodejsFunction `entry`, bench bundles). */
export const FUNCTION_ENTRIES: Readonly<Record<FunctionName, string>> = {
  filing: 'functions/filing/handler.ts',
  moderation: 'functions/moderation/handler.ts',
  verify: 'functions/verify/handler.ts',
  pages: 'functions/pages/handler.ts',
  partners: 'functions/partners/handler.ts',
  bundles: 'functions/bundles/handler.ts',
  publisher: 'functions/publisher/handler.ts',
  outbox: 'functions/outbox/handler.ts',
};

/** Turns an API Gateway path into a test for request paths, worked out once (the local server runs it per request). */
export function mountMatcher(mountPath: string): (requestPath: string) => boolean {
  if (mountPath.endsWith('/{proxy+}')) {
    const prefix = `${mountPath.slice(0, -'/{proxy+}'.length)}/`;
    return (requestPath) => requestPath.startsWith(prefix) && requestPath.length > prefix.length;
  }
  // Each segment is either fixed text or a `{name}` parameter (undefined, which matches whatever one segment holds).
  const segments = mountPath.split('/').map((segment) => (/^\{[^+}]+\}$/.test(segment) ? undefined : segment));
  return (requestPath) => {
    const requestSegments = requestPath.split('/');
    return requestSegments.length === segments.length && segments.every((segment, i) => segment === undefined || segment === requestSegments[i]);
  };
}
