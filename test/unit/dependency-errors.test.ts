import { createServer, type AddressInfo } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { FetchError } from 'aws-jwt-verify/error';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelsFromEnvironment } from '../../functions/outbox/channels.js';
import { createApp } from '../../shared/http/app.js';
import { createLogger } from '../../shared/http/logger.js';
import { requireStaff, type StaffEnv } from '../../shared/http/staff-auth.js';
import { kmsLogSigner } from '../../shared/services/log-signer.js';
import { staffTokenRevocations } from '../../shared/services/staff-revocation.js';
import { lookupHasherFromEnvironment } from '../../shared/services/lookup-key.js';
import { createStoreContext, type StoreContext } from '../../shared/store/client.js';
import { DependencyFailure, failedDependency, isStoreUnavailable, type Dependency } from '../../shared/store/errors.js';
import { s3AttachmentStorage } from '../../shared/store/s3-attachments.js';
import { readSecretString } from '../../shared/store/secrets-manager.js';
import { smtpEmailChannel } from '../../shared/store/smtp-messaging.js';

/** A port nothing listens on: every AWS client below is pointed at it (AWS_ENDPOINT_URL) and is refused at once. */
let closedPort: number;
const saved = { ...process.env };

beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${closedPort}`,
    AWS_REGION: 'cn-north-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_MAX_ATTEMPTS: '1',
  });
});
afterAll(() => {
  process.env = saved;
});

/** What a call rejected with, asserted to be the named dependency's transient failure. */
async function failureOf(dependency: Dependency, call: () => Promise<unknown>): Promise<DependencyFailure> {
  const error = await call().then(
    () => expect.fail(`${dependency}: the call succeeded`),
    (rejected: unknown) => rejected,
  );
  expect(error).toBeInstanceOf(DependencyFailure);
  expect(error).toMatchObject({ dependency, name: 'DependencyFailure' });
  expect(isStoreUnavailable(error), 'a refused connection is transient').toBe(true);
  return error as DependencyFailure;
}

describe('each dependency names itself when it fails', () => {
  it('DynamoDB: whatever the document client throws, unwrapped, is the table\'s failure', async () => {
    const store = createStoreContext({ endpoint: `http://127.0.0.1:${closedPort}`, tableName: 'absent' });
    const error = await store.client.send(new GetCommand({ TableName: store.tableName, Key: { pk: 'a', sk: 'b' } })).then(
      () => expect.fail('the read succeeded'),
      (rejected: unknown) => rejected,
    );
    expect(failedDependency(error)).toBe('DynamoDB');
    expect(isStoreUnavailable(error)).toBe(true);
    expect(failedDependency(new TypeError('a bug'))).toBeUndefined();
  });

  it('Secrets Manager: reading a secret, and the lookup key built from one', async () => {
    await failureOf('SecretsManager', () => readSecretString('arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:lookup'));
    await failureOf('SecretsManager', () => lookupHasherFromEnvironment({ LOOKUP_KEY_SECRET_ARN: 'arn:aws-cn:secretsmanager:cn-north-1:1:secret:x' })());
  });

  it('S3: finding, reading and presigning proof attachments', async () => {
    const storage = s3AttachmentStorage('proofs');
    await failureOf('S3', () => storage.describe('0b1c'));
    await failureOf('S3', () => storage.firstBytes('0b1c', 16));
  });

  it('KMS: the transparency log signer', async () => {
    await failureOf('KMS', () => kmsLogSigner('arn:aws-cn:kms:cn-north-1:123456789012:key/1', { origin: 'o', publisher: 'p', witnesses: [] })());
  });

  it('SMTP: the relay e-mail leaves by in China, its credentials from Secrets Manager', async () => {
    const message = { id: 'm1', channel: 'email', recipient: 'a@example.cn', body: { subject: 's', text: 't' } };
    await failureOf('SMTP', () => smtpEmailChannel({ host: '127.0.0.1', port: closedPort, from: 'x@example.cn' }).deliver(message));
    const withCredentials = smtpEmailChannel({
      host: '127.0.0.1',
      port: closedPort,
      from: 'x@example.cn',
      credentials: async () => ({ user: 'u', pass: await readSecretString('arn:aws-cn:secretsmanager:cn-north-1:1:secret:smtp') }),
    });
    await failureOf('SecretsManager', () => withCredentials.deliver(message));
  });
});

describe('the error handler answers and logs with the dependency\'s name', () => {
  const logger = createLogger('dependency-test');
  const warn = vi.spyOn(logger, 'warn');
  const error = vi.spyOn(logger, 'error');
  const app = createApp<StaffEnv>(logger);
  const thrown = new Map<string, () => unknown>([
    ['secrets', () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['dynamodb-throttled', () => Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException', $fault: 'client', $metadata: {} })],
    ['dynamodb-missing-table', () => Object.assign(new Error('no table'), { name: 'ResourceNotFoundException', $fault: 'client', $metadata: {} })],
    ['kms-denied', () => new DependencyFailure('KMS', Object.assign(new Error('denied'), { name: 'AccessDeniedException' }))],
  ]);
  app.get('/fail/:kind', (c) => {
    const kind = c.req.param('kind');
    const cause = thrown.get(kind)?.();
    throw kind === 'secrets' ? new DependencyFailure('SecretsManager', cause) : cause;
  });
  /** The table, unreachable (built on each use: the closed port is known only once the tests begin). */
  const unreachableTable: StoreContext = {
    get client() {
      return createStoreContext({ endpoint: `http://127.0.0.1:${closedPort}` }).client;
    },
    tableName: 'absent',
  };
  app.get('/staff', requireStaff(async () => { throw new FetchError('https://sso.example.cn/.well-known/jwks.json', 'timed out'); }, staffTokenRevocations(unreachableTable), ['moderator']), (c) => c.text('never'));
  const verified = async () => ({ subject: 's1', username: 'moderator', roles: ['moderator' as const] });
  app.get('/staff-revocations', requireStaff(verified, staffTokenRevocations(unreachableTable), ['moderator']), (c) => c.text('never'));

  const problem = async (path: string, headers: Record<string, string> = {}) => {
    const response = await app.request(path, { headers });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Record<string, unknown> };
  };

  it.each([
    ['/fail/secrets', 'SecretsManager', 'Error'],
    ['/fail/dynamodb-throttled', 'DynamoDB', 'ProvisionedThroughputExceededException'],
  ] as const)('%s: a transient failure is the contract\'s 503 naming %s, logged as such', async (path, dependency, errorName) => {
    warn.mockClear();
    expect(await problem(path)).toMatchObject({ status: 503, retryAfter: '2', body: { type: '/problems/store-unavailable', status: 503, dependency } });
    expect(warn).toHaveBeenCalledWith('dependency unavailable', expect.objectContaining({ dependency, errorName }));
  });

  it('an identity provider whose keys cannot be fetched is a 503, not a 401 that would send staff to sign in again', async () => {
    warn.mockClear();
    expect(await problem('/staff', { authorization: 'Bearer abc.def.ghi' })).toMatchObject({ status: 503, body: { dependency: 'IdentityProvider' } });
    expect(warn).toHaveBeenCalledWith('dependency unavailable', expect.objectContaining({ dependency: 'IdentityProvider', errorName: 'FetchError' }));
  });

  it('a table that cannot say whether a sign-out revoked the token is a 503, not a 401 that would send staff to sign in again', async () => {
    expect(await problem('/staff-revocations', { authorization: 'Bearer abc.def.ghi' })).toMatchObject({ status: 503, retryAfter: '2', body: { dependency: 'DynamoDB' } });
  });

  it.each([
    ['/fail/dynamodb-missing-table', 'DynamoDB', 'ResourceNotFoundException'],
    ['/fail/kms-denied', 'KMS', 'AccessDeniedException'],
  ] as const)('%s: a failure no retry mends is a 500, logged as the failure of %s', async (path, dependency, errorName) => {
    error.mockClear();
    const answer = await problem(path);
    expect(answer).toMatchObject({ status: 500, body: { type: '/problems/internal' } });
    expect(answer.body).not.toHaveProperty('dependency');
    expect(error).toHaveBeenCalledWith('dependency failed', expect.objectContaining({ dependency, errorName }));
  });
});

describe('outbox channels from the stack\'s environment', () => {
  it('SES and SNS by default (the global stack), an SMTP relay and no SMS in China, nothing when both are off', () => {
    expect(Object.keys(channelsFromEnvironment({ MAIL_FROM: 'a@example.cn' })).sort()).toEqual(['email', 'sms']);
    const china = { MAIL_FROM: 'a@example.cn', MAIL_TRANSPORT: 'smtp', SMS_TRANSPORT: 'off', SMTP_HOST: 'smtp.example.cn', SMTP_PORT: '465', SMTP_SECRET_ARN: 'arn:aws-cn:secretsmanager:cn-north-1:1:secret:s' };
    expect(Object.keys(channelsFromEnvironment(china))).toEqual(['email']);
    expect(channelsFromEnvironment({ MAIL_FROM: 'a@example.cn', MAIL_TRANSPORT: 'off', SMS_TRANSPORT: 'off' })).toEqual({});
    expect(() => channelsFromEnvironment({ ...china, SMTP_SECRET_ARN: '' })).toThrow('SMTP_SECRET_ARN is not set');
  });
});
