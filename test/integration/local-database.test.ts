import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAttachments } from '../../scripts/local-attachments.js';
import { privateDirectory, startLocalDynamoDb, type LocalDynamoDb } from '../../scripts/local-dynamodb.js';
import { createStoreContext } from '../../shared/store/client.js';
import { ensureTable } from '../../shared/store/setup.js';

/** The local database is closed to anyone who reaches its port, and DATA_DIR is its owner's alone (issue 12). */
const dataDir = privateDirectory(join(mkdtempSync(join(tmpdir(), 'shengming-private-')), 'data'));
const databaseDir = join(dataDir, 'dynamodb');
let database: LocalDynamoDb;

const mode = (path: string) => statSync(path).mode & 0o777;

beforeAll(async () => {
  database = await startLocalDynamoDb({ dataDir: databaseDir });
  const store = createStoreContext({ endpoint: database.endpoint, credentials: database.credentials, tableName: 'private' });
  await ensureTable(store);
  await store.client.send(new PutCommand({ TableName: 'private', Item: { pk: 'DECL#secret', sk: 'DECL', idNumber: 'kept' } }));
}, 150_000);

afterAll(async () => {
  await database?.stop();
});

describe('DynamoDB Local started by the project', () => {
  it('is reached with a random access key made once for its data folder', () => {
    expect(database.credentials.accessKeyId).toMatch(/^L[0-9a-f]{30}$/);
    expect(database.credentials.accessKeyId).not.toBe('local');
  });

  it('shows nothing to a client with other credentials: no tables, and a Scan finds no table', async () => {
    for (const credentials of [{ accessKeyId: 'local', secretAccessKey: 'local' }, { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' }]) {
      const stranger = new DynamoDBClient({ endpoint: database.endpoint, region: 'local', credentials, maxAttempts: 1 });
      try {
        expect((await stranger.send(new ListTablesCommand({}))).TableNames).toEqual([]);
        await expect(stranger.send(new ScanCommand({ TableName: 'private' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      } finally {
        stranger.destroy();
      }
    }
    const owner = new DynamoDBClient({ endpoint: database.endpoint, region: 'local', credentials: database.credentials, maxAttempts: 1 });
    try {
      expect((await owner.send(new ScanCommand({ TableName: 'private' }))).Count).toBe(1);
    } finally {
      owner.destroy();
    }
  });

  it('keeps the same key across restarts', async () => {
    const { credentials } = database;
    await database.stop();
    database = await startLocalDynamoDb({ dataDir: databaseDir });
    expect(database.credentials).toEqual(credentials);
  }, 150_000);
});

describe('DATA_DIR', () => {
  it('is 0700, and the database folder, its files and the access key are owner-only', () => {
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(databaseDir)).toBe(0o700);
    const files = readdirSync(databaseDir);
    expect(files).toContain('access-key.json');
    // DynamoDB Local names a database file after its access key and region (an old shared file is moved to this name).
    expect(files).toContain(`${database.credentials.accessKeyId}_local.db`);
    for (const file of files) expect(mode(join(databaseDir, file)), file).toBe(0o600);
  });

  it('tightens an existing folder to 0700', () => {
    const loose = join(dataDir, 'loose');
    privateDirectory(loose);
    expect(mode(privateDirectory(loose))).toBe(0o700);
  });

  it('stores uploaded attachments owner-only', async () => {
    const { storage, app } = localAttachments(dataDir);
    const id = crypto.randomUUID();
    const form = await storage.createUploadForm(id, 'application/pdf', 1024);
    const body = new FormData();
    for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
    body.append('file', new File([Buffer.from('%PDF-1.4\n%%EOF\n')], 'proof.pdf', { type: 'application/pdf' }));
    expect((await app.request(form.url, { method: 'POST', body })).status).toBe(204);
    const directory = join(dataDir, 'attachments');
    expect(mode(directory)).toBe(0o700);
    for (const file of readdirSync(directory)) expect(mode(join(directory, file)), file).toBe(0o600);
  });
});
