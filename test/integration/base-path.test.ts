import { handle } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { HttpFunctionName } from '../../functions/routes.js';
import { json, physicianDeclaration } from '../support/declarations.js';
import { apiGateway, CUSTOM_DOMAIN_ADDRESS, STAGE_ADDRESS, type GatewayAnswer, type LambdaHandler, type SiteAddress } from '../support/gateway.js';
import { newsroom } from '../support/publishing.js';
import { signInAsLocalUser } from '../support/staff-sign-in.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

/**
 * Every page served through the Lambda handlers behind API Gateway, reached the way a browser reaches it: on the
 * stage URL (`/prod/…`) and on a custom domain at `/`. A crawler follows every link and submits every form it
 * finds, and every URL a page writes (links, actions, script endpoints, redirects, cookie paths, absolute URLs)
 * must stay on the site, under the stage prefix.
 */

let system: TestSystem;
let handlers: Record<HttpFunctionName, LambdaHandler>;
let filed: { id: string; receipt: string };
const savedEnv = { ...process.env };

beforeAll(async () => {
  system = await createTestSystem();
  const { publish, file } = newsroom(system);
  await publish([physicianDeclaration(), physicianDeclaration()]);
  filed = await file(physicianDeclaration());
  // The environment the stack gives the functions, pointed at this file's table in DynamoDB Local.
  Object.assign(process.env, {
    TABLE_NAME: system.store.tableName,
    DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
    LOOKUP_KEY: system.lookupKey,
    FORM_SEAL_KEY: 'base-path-test-form-seal-key',
    ATTACHMENTS_BUCKET: 'shengming-attachments',
    AWS_REGION: 'eu-west-1',
  });
  const filing = await import('../../functions/filing/handler.js');
  const verify = await import('../../functions/verify/handler.js');
  const pages = await import('../../functions/pages/handler.js');
  const partners = await import('../../functions/partners/handler.js');
  const bundles = await import('../../functions/bundles/handler.js');
  // The moderation handler is configured for the deployment's issuer: here the same app behind the same Lambda
  // adapter, signing in at the local identity provider.
  handlers = {
    filing: filing.handler as unknown as LambdaHandler,
    verify: verify.handler as unknown as LambdaHandler,
    pages: pages.handler as unknown as LambdaHandler,
    partners: partners.handler as unknown as LambdaHandler,
    bundles: bundles.handler as unknown as LambdaHandler,
    moderation: handle(system.apps.moderation) as unknown as LambdaHandler,
  };
});

afterAll(() => {
  process.env = savedEnv;
});

const decode = (value: string) =>
  value.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>');
const attribute = (tag: string, name: string) => {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decode(match[1] as string) : undefined;
};

interface FoundForm {
  readonly method: string;
  readonly action: string;
  readonly fields: [string, string][];
}

/** A form's action and the fields a browser would send if the person pressed its first button unchanged. */
function formsIn(html: string): FoundForm[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map(([, open = '', inner = '']) => {
    const fields: [string, string][] = [];
    for (const [tag] of inner.matchAll(/<input\b[^>]*>/g)) {
      const name = attribute(tag, 'name');
      const type = attribute(tag, 'type') ?? 'text';
      if (!name || type === 'file' || ((type === 'checkbox' || type === 'radio') && !/\schecked[\s>=]/.test(tag))) continue;
      fields.push([name, attribute(tag, 'value') ?? '']);
    }
    for (const [, open2 = '', text = ''] of inner.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = attribute(open2, 'name');
      if (name) fields.push([name, decode(text)]);
    }
    for (const [, open2 = '', options = ''] of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attribute(open2, 'name');
      const chosen = /<option\b[^>]*\sselected[^>]*>/.exec(options)?.[0] ?? /<option\b[^>]*>/.exec(options)?.[0];
      if (name && chosen) fields.push([name, attribute(chosen, 'value') ?? '']);
    }
    const button = /<button\b[^>]*\sname="[^"]*"[^>]*>/.exec(inner)?.[0];
    const buttonName = button && attribute(button, 'name');
    if (button && buttonName) fields.push([buttonName, attribute(button, 'value') ?? '']);
    return { method: (attribute(open, 'method') ?? 'get').toUpperCase(), action: attribute(open, 'action') ?? '', fields };
  });
}

/** Every URL a page writes: links, form actions, sources and the script's endpoints (data-* attributes holding paths). */
function urlsIn(html: string): string[] {
  return [...html.matchAll(/\s(href|action|src|data-[a-z-]+)="([^"]*)"/g)]
    .filter(([, name, value = '']) => !name?.startsWith('data-') || /^(\/|https?:)/.test(value))
    .map(([, , value = '']) => decode(value));
}

/** A browser on the site: follows redirects, keeps cookies by path, checks every URL it is handed. */
function siteBrowser(address: SiteAddress) {
  const gateway = apiGateway(address, handlers);
  const cookies = new Map<string, { value: string; path: string }>();
  const base = `${address.origin}${address.stagePrefix}/`;
  const onSite = (url: URL) => url.origin === address.origin && (url.pathname === address.stagePrefix || url.pathname.startsWith(`${address.stagePrefix}/`));

  const cookieHeader = (url: URL) =>
    [...cookies].filter(([, cookie]) => url.pathname.startsWith(cookie.path)).map(([name, cookie]) => `${name}=${cookie.value}`).join('; ');

  const keepCookies = (answer: GatewayAnswer, url: URL) => {
    for (const line of answer.headers['set-cookie'] ?? []) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const [name = '', value = ''] = pair.split('=');
      const path = attributes.find((part) => part.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      expect(onSite(new URL(path, address.origin)), `cookie path ${path} set by ${url.href}`).toBe(true);
      if (value === '' || attributes.some((part) => /^max-age=0$/i.test(part))) cookies.delete(name);
      else cookies.set(name, { value, path });
    }
  };

  /** One request with the cookies the site set, keeping the ones it sets. */
  const hop = async (method: string, url: URL, body?: URLSearchParams): Promise<GatewayAnswer> => {
    const headers: Record<string, string> = { accept: 'text/html', origin: address.origin };
    const cookie = cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const answer = await gateway(method, url, { headers, ...(body ? { body: body.toString() } : {}) });
    keepCookies(answer, url);
    return answer;
  };

  /**
   * Sends a request and follows its redirects; every Location must stay under the prefix, but for the identity
   * provider's (sign-in, sign-out), where the URL it is to come back to must be under the prefix.
   */
  const send = async (method: string, start: URL, body?: URLSearchParams): Promise<{ url: URL; answer: GatewayAnswer }> => {
    let url = start;
    let currentMethod = method;
    let currentBody = body;
    for (let hops = 0; ; hops += 1) {
      const answer = await hop(currentMethod, url, currentBody);
      const location = answer.headers.location?.[0];
      if (answer.status < 300 || answer.status >= 400 || !location) return { url, answer };
      const next = new URL(location, url);
      if (next.origin === new URL(system.identity.issuer).origin) {
        const back = next.searchParams.get('redirect_uri') ?? next.searchParams.get('post_logout_redirect_uri') ?? '';
        expect(onSite(new URL(back)), `redirect from ${url.href} to the identity provider comes back to ${back}`).toBe(true);
        return { url, answer };
      }
      expect(onSite(next), `redirect from ${url.href} to ${location}`).toBe(true);
      expect(hops).toBeLessThan(5);
      url = next;
      currentMethod = 'GET';
      currentBody = undefined;
    }
  };

  return { base, onSite, hop, send, cookies };
}

async function crawl(address: SiteAddress): Promise<{ pages: number; forms: number }> {
  const browser = siteBrowser(address);
  const start = ['', 'file', 'verify', 'notices', 'log', 'docs', 'declarations/follow', 'staff', 'staff/sign-in', 'feed.atom', 'openapi.json'];
  // A filer following their declaration (the receipt cookie), and an editor signed in through the console's own form.
  await browser.send('POST', new URL('declarations/follow', browser.base), new URLSearchParams({ id: filed.id, receipt: filed.receipt }));
  const signedIn = await signInAsLocalUser(async (url) => {
    const answer = await browser.hop('GET', url);
    return { status: answer.status, location: answer.headers.location?.[0], body: answer.body };
  }, new URL('staff/sign-in', browser.base), 'editor');
  expect(signedIn.answer.status).toBe(200);
  expect(signedIn.url.pathname).toBe(`${address.stagePrefix}/staff`);

  const queue = [...start.map((path) => new URL(path, browser.base)), new URL(`declarations/${filed.id}`, browser.base)];
  // A GET form sent as the page shows it may be refused (a required box left empty): it must reach its function.
  const formTargets = new Set<string>();
  const seen = new Set<string>();
  const forms: { page: string; form: FoundForm }[] = [];
  while (queue.length > 0) {
    const url = queue.shift() as URL;
    if (seen.has(url.href) || url.pathname.includes('/sign-out') || seen.size > 400) continue;
    seen.add(url.href);
    const { answer } = await browser.send('GET', url);
    // Sign-in goes on to the identity provider (send checked that it comes back under the prefix).
    if (answer.status === 302 && answer.headers.location?.[0]?.startsWith(system.identity.issuer)) continue;
    if (formTargets.has(url.href)) {
      expect(answer.routedTo, `GET form ${url.href} answered by API Gateway itself`).toBeDefined();
      expect(answer.status, `GET form ${url.href}`).toBeLessThan(500);
    } else {
      expect(answer.status, `GET ${url.href}`).toBeGreaterThanOrEqual(200);
      expect(answer.status, `GET ${url.href}: ${answer.body.slice(0, 200)}`).toBeLessThan(300);
    }
    const type = answer.headers['content-type']?.[0] ?? '';
    if (!type.startsWith('text/html')) continue;
    for (const written of urlsIn(answer.body)) {
      if (written.startsWith('data:') || written.startsWith('#')) continue;
      const target = new URL(written, url);
      expect(browser.onSite(target), `${url.pathname} writes ${written}`).toBe(true);
    }
    for (const form of formsIn(answer.body)) {
      forms.push({ page: url.href, form });
      if (form.method === 'GET') {
        const action = new URL(form.action || url.href, url);
        for (const [name, value] of form.fields) action.searchParams.append(name, value);
        if (!seen.has(action.href)) formTargets.add(action.href);
        queue.push(action);
      }
    }
    for (const [, href = ''] of answer.body.matchAll(/\shref="([^"]*)"/g)) {
      const target = new URL(decode(href), url);
      target.hash = '';
      if (href.startsWith('data:') || !browser.onSite(target)) continue;
      // A refused form's page links to itself in the other language: the same request, refused the same way.
      if (answer.status >= 400 && !seen.has(target.href)) formTargets.add(target.href);
      queue.push(target);
    }
  }

  // Posts change things (withdraw, sign out), so they go last, each form once. With the values a page shows a
  // form may be refused (a required field left empty), but it must reach its function, never a 5xx.
  const posted = new Set<string>();
  for (const { page, form } of forms.filter((entry) => entry.form.method === 'POST')) {
    const action = new URL(form.action || page, page);
    if (posted.has(action.pathname)) continue;
    posted.add(action.pathname);
    expect(browser.onSite(action), `form on ${page} posts to ${form.action}`).toBe(true);
    const { answer, url } = await browser.send('POST', action, new URLSearchParams(form.fields));
    expect(answer.routedTo, `POST ${action.pathname} (from ${page}) answered by API Gateway itself: ${answer.status}`).toBeDefined();
    expect(answer.status, `POST ${action.pathname} → ${url.pathname}: ${answer.body.slice(0, 200)}`).toBeLessThan(500);
  }
  return { pages: seen.size, forms: posted.size };
}

describe.each([
  ['the stage URL (/prod/)', STAGE_ADDRESS],
  ['a custom domain at /', CUSTOM_DOMAIN_ADDRESS],
])('every page on %s', (_name, address) => {
  it('links, forms, redirects, cookies and absolute URLs stay under the prefix, and every link answers 2xx', async () => {
    process.env.PUBLIC_BASE_URL = `${address.origin}${address.stagePrefix}/`;
    const { pages, forms } = await crawl(address);
    // The crawl really went through the site: home, filing forms per type, notices, proofs, the console.
    expect(pages).toBeGreaterThan(30);
    expect(forms).toBeGreaterThan(8);
  });

  it('the feed and the proof QR name the configured public URL', async () => {
    process.env.PUBLIC_BASE_URL = `${address.origin}${address.stagePrefix}/`;
    const browser = siteBrowser(address);
    const feed = await browser.send('GET', new URL('feed.atom', browser.base));
    const ids = [...feed.answer.body.matchAll(/<id>([^<]+)<\/id>/g)].map(([, id]) => id as string);
    expect(ids.length).toBeGreaterThan(2);
    for (const id of ids) expect(id.startsWith(browser.base), id).toBe(true);
    const noticeNo = /\/notices\/([\w-]+)/.exec(feed.answer.body)?.[1] as string;
    const proof = await browser.send('GET', new URL(`notices/${noticeNo}/proof`, browser.base));
    expect(proof.answer.body).toContain(`${browser.base}verify?notice=${noticeNo}`);
  });
});

describe('a forged Host header', () => {
  const FORGED = 'evil.example';
  const forgedHeaders = { Host: FORGED, 'X-Forwarded-Host': FORGED, 'X-Forwarded-Proto': 'http', Forwarded: `host=${FORGED}` };

  it('never shows up in a page, a redirect or an absolute URL (Lambda)', async () => {
    process.env.PUBLIC_BASE_URL = `${STAGE_ADDRESS.origin}/prod/`;
    const gateway = apiGateway(STAGE_ADDRESS, handlers);
    const published = await gateway('GET', new URL(`${STAGE_ADDRESS.origin}/prod/feed.atom`));
    const noticeNo = /\/notices\/([\w-]+)/.exec(published.body)?.[1] as string;
    const paths = ['feed.atom', 'notices', `notices/${noticeNo}`, `notices/${noticeNo}/proof`, '', 'file', 'verify', 'staff', 'staff/sign-in'];
    for (const path of paths) {
      const answer = await gateway('GET', new URL(`${STAGE_ADDRESS.origin}/prod/${path}`), { headers: forgedHeaders });
      expect(answer.status, path).toBeLessThan(400);
      expect(`${JSON.stringify(answer.headers)}${answer.body}`, path).not.toContain(FORGED);
    }
    const filedAnswer = await gateway('POST', new URL(`${STAGE_ADDRESS.origin}/prod/api/v1/declarations`), {
      headers: { ...forgedHeaders, 'content-type': 'application/json' },
      body: json(physicianDeclaration()).body as string,
    });
    expect(filedAnswer.status).toBe(201);
    expect(filedAnswer.headers.location?.[0]).toMatch(/^\/prod\/api\/v1\/declarations\//);
  });

  it('never shows up in an absolute URL (local server, where the request URL comes from Host)', async () => {
    process.env.PUBLIC_BASE_URL = 'http://127.0.0.1:3000/';
    const feed = await (await system.fetch(new Request(`http://${FORGED}/feed.atom`))).text();
    expect(feed).toContain('http://127.0.0.1:3000/notices/');
    expect(feed).not.toContain(FORGED);
    const noticeNo = /\/notices\/([\w-]+)/.exec(feed)?.[1] as string;
    const proof = await (await system.fetch(new Request(`http://${FORGED}/notices/${noticeNo}/proof`))).text();
    expect(proof).toContain(`http://127.0.0.1:3000/verify?notice=${noticeNo}`);
    expect(proof).not.toContain(FORGED);
  });
});
