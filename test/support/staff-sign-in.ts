import { LOCAL_STAFF_USERS } from '../../scripts/local-identity.js';
import type { StaffRole } from '../../shared/http/staff-auth.js';

/** One answer of the site, as whatever carries requests to it (the local dispatcher, the API Gateway model) gives it. */
export interface SiteHop {
  readonly status: number;
  readonly location?: string;
  readonly body: string;
}

export type SiteAgent = (url: URL) => Promise<SiteHop>;

/** A cookie jar for one origin: what a browser would send back to it, by path. */
export class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  keep(setCookies: readonly string[], defaultPath = '/'): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      const path = attributes.find((part) => part.toLowerCase().startsWith('path='))?.slice(5) ?? defaultPath;
      const expired = attributes.some((part) => /^max-age=0$/i.test(part) || /^expires=thu, 01 jan 1970/i.test(part));
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
  }

  header(url: URL): string {
    return [...this.cookies]
      .filter(([, cookie]) => url.pathname === cookie.path || url.pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ');
  }

  names(): string[] {
    return [...this.cookies.keys()];
  }
}

/** The local provider's login form, as a browser shows it: where it posts. */
function loginFormAction(html: string): string | undefined {
  return /<form method="post" action="([^"]*\/login)"/.exec(html)?.[1];
}

/**
 * Signs a local staff user in as a browser does: the console's sign-in redirect, the local provider's login form
 * (username and password), the provider's redirect back to the console's callback, and the console's redirect to
 * the page it was asked for. `site` carries the requests to the console (with its own cookies); the provider is
 * reached over HTTP. Returns the last answer of the site and where it was.
 */
export async function signInAsLocalUser(site: SiteAgent, signInUrl: URL, role: StaffRole, password = LOCAL_STAFF_USERS[role]?.password ?? ''): Promise<{ url: URL; answer: SiteHop }> {
  const provider = new CookieJar();
  let url = signInUrl;
  let method: 'GET' | 'POST' = 'GET';
  let form: URLSearchParams | undefined;
  let providerOrigin: string | undefined;
  for (let hops = 0; hops < 20; hops += 1) {
    if (url.origin !== providerOrigin) {
      const answer = await site(url);
      if (answer.status >= 300 && answer.status < 400 && answer.location) {
        const next = new URL(answer.location, url);
        // The first hop off the site is the provider's authorization endpoint.
        if (next.origin !== url.origin) providerOrigin ??= next.origin;
        url = next;
        continue;
      }
      return { url, answer };
    }
    const cookie = provider.header(url);
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { body: form.toString() } : {}),
    });
    provider.keep(response.headers.getSetCookie());
    const body = await response.text();
    form = undefined;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url);
      method = 'GET';
      continue;
    }
    const action = response.status === 200 ? loginFormAction(body) : undefined;
    if (!action) throw new Error(`the identity provider answered ${response.status} at ${url.pathname}: ${body.slice(0, 200)}`);
    url = new URL(action, url);
    method = 'POST';
    form = new URLSearchParams({ username: role, password });
  }
  throw new Error('the sign-in did not come back to the console');
}
