import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { physicianDeclaration } from '../support/declarations.js';
import { newsroom } from '../support/publishing.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

/** The feed carries citizen text as text, and every page and file is served with CSP / nosniff (issue 12). */
let system: TestSystem;
let noticeNo: string;
let date: string;
let editor: Record<string, string>;
const STATEMENT = '<b>粗体</b><script>alert(1)</script>&amp;<img src=x onerror=alert(2)>';

beforeAll(async () => {
  system = await createTestSystem();
  const desk = newsroom(system);
  ({ date } = await desk.publish([{ ...physicianDeclaration(), statement: STATEMENT }]));
  const list = (await (await system.request(`/api/v1/notices?date=${date}`)).json()) as { items: { noticeNo: string }[] };
  noticeNo = list.items[0]?.noticeNo ?? '';
  editor = { authorization: `Bearer ${await system.auth.issueToken('editor')}` };
});

describe('the Atom feed', () => {
  it('carries citizen text as type="text", escaped, never as live HTML', async () => {
    const xml = await (await system.request('/feed.atom')).text();
    expect(xml).not.toMatch(/<script|<b>|<img|CDATA|type="html"|type="xhtml"/);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'entry' }).parse(xml) as {
      feed: { title: { '@type': string }; entry: { title: { '@type': string; '#text': string }; content: { '@type': string; '#text': string } }[] };
    };
    expect(parsed.feed.title['@type']).toBe('text');
    const entry = parsed.feed.entry[0];
    expect(entry?.title['@type']).toBe('text');
    expect(entry?.content['@type']).toBe('text');
    // The parser decodes the escapes once: what a reader shows is the literal text the citizen typed.
    expect(entry?.content['#text']).toMatch(/<b>粗体<\/b><script>alert.*<\/script>/);
  });
});

describe('headers', () => {
  const pages = () => [
    '/',
    '/file',
    '/declarations/follow',
    '/verify',
    `/verify?number=110370100012345`,
    '/notices',
    `/notices/${noticeNo}`,
    `/notices/${noticeNo}/proof`,
    '/notices/20000101-0001',
    '/log',
    '/docs',
    '/staff/sign-in',
  ];

  it('puts a Content-Security-Policy on every HTML page, staff console and print layout included', async () => {
    // The API's print layout takes the bearer token; the console's pages take its session cookie.
    const consoleSession = { cookie: await system.signIn('editor') };
    const staffPages: [string, Record<string, string>][] = [
      [`/api/v1/editions/${date}/print`, editor],
      [`/staff/editions/${date}/print`, consoleSession],
      ['/staff', consoleSession],
      ['/staff/editions', consoleSession],
    ];
    const responses = [
      ...(await Promise.all(pages().map(async (path) => [path, await system.request(path)] as const))),
      ...(await Promise.all(staffPages.map(async ([path, headers]) => [path, await system.request(path, { headers })] as const))),
    ];
    let html = 0;
    for (const [path, response] of responses) {
      if (!response.headers.get('content-type')?.startsWith('text/html')) continue;
      html += 1;
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy, path).toMatch(/default-src '(none|self)'/);
      expect(policy, path).toContain("frame-ancestors 'none'");
      const body = await response.text();
      // An inline script runs only with the response's own nonce.
      const nonces = [...body.matchAll(/<script nonce="([^"]+)"/g)].map((match) => match[1]);
      expect(body.match(/<script/g)?.length ?? 0, path).toBe(nonces.length);
      for (const nonce of nonces) expect(policy, path).toContain(`'nonce-${nonce}'`);
      if (nonces.length === 0) expect(policy, path).not.toMatch(/script-src [^;]*'unsafe-inline'/);
    }
    expect(html).toBeGreaterThanOrEqual(14);
  });

  it('sends nosniff with every file served: pages, JSON, the feed, log entries and uploaded attachments', async () => {
    const paths = [...pages(), '/api/v1/notices', `/api/v1/notices/${noticeNo}`, '/feed.atom', '/openapi.json', '/api/v1/log/checkpoint', '/api/v1/log/entries/0', '/api/v1/document-types'];
    for (const path of paths) expect((await system.request(path)).headers.get('x-content-type-options'), path).toBe('nosniff');
    const form = (await (
      await system.request('/api/v1/attachments', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ contentType: 'application/pdf', size: 16 }),
      })
    ).json()) as { id: string; upload: { url: string; fields: Record<string, string> } };
    const upload = new FormData();
    for (const [name, value] of Object.entries(form.upload.fields)) upload.append(name, value);
    upload.append('file', new File([Buffer.from('%PDF-1.4\n%%EOF\n')], 'proof.pdf', { type: 'application/pdf' }));
    const stored = await system.request(form.upload.url, { method: 'POST', body: upload });
    expect(stored.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
