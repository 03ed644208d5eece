import { beforeAll, describe, expect, it } from 'vitest';
import { json, physicianDeclaration } from '../support/declarations.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

let system: TestSystem;
let moderator: string;

beforeAll(async () => {
  system = await createTestSystem();
  moderator = `Bearer ${await system.auth.issueToken('moderator')}`;
});

const staff = (body: unknown): RequestInit => {
  const init = json(body);
  return { ...init, headers: { ...(init.headers as Record<string, string>), authorization: moderator } };
};

async function fileOne(): Promise<string> {
  const response = await system.request('/api/v1/declarations', json(physicianDeclaration()));
  return ((await response.json()) as { id: string }).id;
}

interface Detail {
  status: string;
  version: number;
  audit: { actor: string; action: string }[];
}

const detail = async (id: string): Promise<Detail> =>
  (await (await system.request(`/api/v1/moderation/declarations/${id}`, { headers: { authorization: moderator } })).json()) as Detail;

describe('POST /api/v1/moderation/decisions', () => {
  it('applies each decision on its own: one stale version is a 409 for that item while the others apply', async () => {
    const ids = [await fileOne(), await fileOne(), await fileOne(), await fileOne()];
    const [first, stale, third, fourth] = ids as [string, string, string, string];
    const response = await system.request(
      '/api/v1/moderation/decisions',
      staff({
        decisions: [
          { id: first, version: 1, action: 'approve' },
          { id: stale, version: 3, action: 'approve' },
          { id: third, version: 1, action: 'approve' },
          { id: fourth, version: 1, action: 'request_changes', reason: '证明材料不清晰' },
        ],
      }),
    );
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as { results: { id: string; status: number; declaration?: { status: string }; problem?: { status: number; currentVersion?: number } }[] };
    expect(results.map((result) => [result.id, result.status])).toEqual([
      [first, 200],
      [stale, 409],
      [third, 200],
      [fourth, 200],
    ]);
    expect(results[1]?.problem).toMatchObject({ status: 409, currentVersion: 1 });
    expect(results[0]?.declaration?.status).toBe('approved');
    expect(results[3]?.declaration?.status).toBe('changes_requested');

    // The stale one is untouched; each applied one has its own audit entry by the moderator.
    expect(await detail(stale)).toMatchObject({ status: 'submitted', version: 1 });
    for (const [id, action] of [[first, 'approve'], [third, 'approve'], [fourth, 'request_changes']] as const) {
      const { audit, version } = await detail(id);
      expect(version).toBe(2);
      expect(audit.filter((entry) => entry.action === action)).toEqual([expect.objectContaining({ actor: 'staff:local-moderator' })]);
    }

    // Deciding again: already decided is a 409 per item; an unknown id a 404.
    const again = await system.request(
      '/api/v1/moderation/decisions',
      staff({ decisions: [{ id: first, version: 2, action: 'approve' }, { id: '00000000-0000-4000-8000-000000000000', version: 1, action: 'approve' }] }),
    );
    const repeated = (await again.json()) as { results: { status: number; problem?: { type: string } }[] };
    expect(repeated.results.map((result) => result.status)).toEqual([409, 404]);
    expect(repeated.results[0]?.problem?.type).toBe('/problems/wrong-state');
  });

  it('refuses a malformed batch as a whole, naming each bad field, and decides nothing', async () => {
    const id = await fileOne();
    const response = await system.request(
      '/api/v1/moderation/decisions',
      staff({ decisions: [{ id, version: 1, action: 'approve' }, { id: 'x', version: 0, action: 'reject' }, 'nope'] }),
    );
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((error) => error.path)).toEqual(['decisions[1].id', 'decisions[1].reason', 'decisions[1].version', 'decisions[2]']);
    expect(await detail(id)).toMatchObject({ status: 'submitted', version: 1 });
    const empty = await system.request('/api/v1/moderation/decisions', staff({ decisions: [] }));
    expect(empty.status).toBe(400);
  });

  it('keeps what was reviewed, for the next reviewer to compare', async () => {
    const id = await fileOne();
    await system.request(`/api/v1/moderation/declarations/${id}/decision`, staff({ action: 'request_changes', reason: '号码不符', version: 1 }));
    const stored = (await (await system.request(`/api/v1/moderation/declarations/${id}`, { headers: { authorization: moderator } })).json()) as {
      reviewed?: { version: number; action: string; text: string };
    };
    expect(stored.reviewed).toMatchObject({ version: 1, action: 'request_changes' });
    expect(stored.reviewed?.text).toContain('张三遗失医师执业证书');
  });
});

describe('reasons the filer cannot read as written', () => {
  it('refuses a reason with control or text-direction characters, naming it, and decides or waives nothing', async () => {
    const editor = `Bearer ${await system.auth.issueToken('editor')}`;
    const [one, two] = [await fileOne(), await fileOne()];
    const hidden = ['证书编码\u202e有误', '请补充\u0000材料', '零宽\u200b字符'];
    for (const reason of hidden) {
      const single = await system.request(`/api/v1/moderation/declarations/${one}/decision`, staff({ action: 'reject', version: 1, reason }));
      expect(single.status).toBe(400);
      expect(await single.json()).toMatchObject({ errors: [{ path: 'reason' }] });
    }
    const batch = await system.request(
      '/api/v1/moderation/decisions',
      staff({ decisions: [{ id: one, version: 1, action: 'request_changes', reason: '请上传\n执业证书首页' }, { id: two, version: 1, action: 'reject', reason: hidden[0] }] }),
    );
    expect(batch.status).toBe(400);
    expect(await batch.json()).toMatchObject({ errors: [{ path: 'decisions[1].reason' }] });
    const waiver = await system.request(`/api/v1/moderation/declarations/${two}/payment-waiver`, json({ reason: hidden[1] }, { authorization: editor }));
    expect(waiver.status).toBe(400);
    // The console's waiver form says why, on the declaration's page.
    const cookie = await system.signIn('editor');
    const posted = await system.request(`/staff/declarations/${two}/payment-waiver`, {
      method: 'POST',
      headers: { cookie, origin: 'http://127.0.0.1', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ reason: hidden[2] ?? '' }).toString(),
    });
    expect(posted.headers.get('location')).toContain('payment=unreadable-reason');
    for (const id of [one, two]) expect(await detail(id)).toMatchObject({ status: 'submitted', version: 1, audit: [{ action: 'submit' }] });
    // Line breaks are a reason's own.
    const multiline = await system.request(`/api/v1/moderation/declarations/${one}/decision`, staff({ action: 'request_changes', version: 1, reason: '请上传\r\n执业证书首页' }));
    expect(multiline.status).toBe(200);
  });
});
