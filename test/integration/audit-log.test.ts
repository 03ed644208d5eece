import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, readAuditState, type AuditState } from '../../scripts/audit-log.js';
import { PUBLIC_KEYS } from '../../shared/store/public-keys.js';
import { physicianDeclaration } from '../support/declarations.js';
import { serveTestSystem, type ServedSystem } from '../support/browser.js';
import { newsroom } from '../support/publishing.js';

let served: ServedSystem;
const stateFile = join(mkdtempSync(join(tmpdir(), 'audit-')), 'state.json');

beforeAll(async () => {
  served = await serveTestSystem();
});
afterAll(async () => {
  await served?.close();
});

const run = promisify(execFile);
/** The command exactly as documented: `npm run audit-log -- <base URL>` (with its state file). */
async function auditCommand(): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run('npm', ['run', 'audit-log', '--', served.baseUrl, '--state', stateFile], { cwd: process.cwd() });
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, out: failed.stdout };
  }
}

describe('npm run audit-log', () => {
  it('passes on an honest log, then checks consistency with the checkpoint it kept', async () => {
    const room = newsroom(served.system);
    await room.publish([physicianDeclaration(), physicianDeclaration()]);
    const first = await auditCommand();
    expect(first.out).toContain('OK');
    expect(first.code).toBe(0);
    expect(readAuditState(stateFile, served.baseUrl)?.size).toBe(2);

    await room.publish([physicianDeclaration()]);
    const second = await auditCommand();
    expect(second.code).toBe(0);
    expect(second.out).toContain('consistent with the previous checkpoint (2 → 3 entries)');
  }, 120_000);

  it('reports a rewritten history, a notice changed after publication, a public notice missing from the log and a logged one taken down', async () => {
    const previous = readAuditState(stateFile, served.baseUrl) as AuditState;
    const forked: AuditState = { ...previous, root: Buffer.alloc(32, 7).toString('base64') };
    expect((await auditLog(served.baseUrl, forked)).problems.join('\n')).toMatch(/rewritten/);

    const { date } = await newsroom(served.system).publish([physicianDeclaration()]);
    const noticeNo = `${date.replaceAll('-', '')}-0001`;
    const { store } = served.system;
    // Someone with table access quietly edits a published notice, and another appears without a log entry.
    await store.client.send(
      new UpdateCommand({ TableName: store.tableName, Key: PUBLIC_KEYS.dateListing(date, noticeNo), UpdateExpression: 'SET #text = :text', ExpressionAttributeNames: { '#text': 'text' }, ExpressionAttributeValues: { ':text': '已改动' } }),
    );
    await store.client.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: PUBLIC_KEYS.dateListing(date, `${date.replaceAll('-', '')}-0099`),
        UpdateExpression: 'SET noticeNo = :no, kind = :kind, documentType = :type, publishedOn = :on, #text = :text',
        ExpressionAttributeNames: { '#text': 'text' },
        ExpressionAttributeValues: { ':no': `${date.replaceAll('-', '')}-0099`, ':kind': 'loss', ':type': 'other', ':on': date, ':text': '补登' },
      }),
    );
    const report = await auditLog(served.baseUrl, readAuditState(stateFile, served.baseUrl));
    const problems = report.problems.join('\n');
    expect(problems).toContain(`notice ${date.replaceAll('-', '')}-0099 is public but not logged`);
    expect(problems).toContain(`notice ${noticeNo} as published differs from its log entry`);
    // And a logged notice that was taken down.
    const firstDate = (await served.system.request('/api/v1/log/entries/0').then((r) => r.json())) as { noticeNo: string; publishedOn: string };
    await store.client.send(new DeleteCommand({ TableName: store.tableName, Key: PUBLIC_KEYS.dateListing(firstDate.publishedOn, firstDate.noticeNo) }));
    expect((await auditLog(served.baseUrl, readAuditState(stateFile, served.baseUrl))).problems.join('\n')).toContain(`notice ${firstDate.noticeNo} is logged (entry 0) but not public`);
    const command = await auditCommand();
    expect(command.code).toBe(1);
    expect(command.out).toContain('public but not logged');
  }, 120_000);
});
