/**
 * Recognises failures that mean "the store cannot serve right now" (throttling, a database that is down or
 * unreachable), which clients should retry later — as opposed to bugs.
 */
const UNAVAILABLE_ERROR_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'LimitExceededException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** Node's socket errors, and nodemailer's for a relay it could not reach or lost (ECONNECTION, ESOCKET). */
const UNAVAILABLE_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'ECONNECTION', 'ESOCKET']);

export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof DependencyFailure && error.transient !== undefined) return error.transient;
  if (UNAVAILABLE_ERROR_NAMES.has(error.name)) return true;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_NETWORK_CODES.has(code)) return true;
  // A TransactionCanceledException caused by throttling or a conflicting transaction is also transient.
  if (error.name === 'TransactionCanceledException') {
    const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons.some((reason) => reason.Code === 'ThrottlingError' || reason.Code === 'TransactionConflict');
  }
  return error.cause !== undefined && error.cause !== error && isStoreUnavailable(error.cause);
}

/** Seconds a client should wait before retrying after the store was unavailable. */
export const STORE_RETRY_AFTER_SECONDS = 2;

/**
 * The services the functions depend on, by the names logs and problems give them. DynamoDB is the store; the
 * identity provider is whichever OIDC issuer signs staff tokens (its JWKS); SMTP the relay e-mail leaves by in China.
 */
export type Dependency = 'DynamoDB' | 'SecretsManager' | 'S3' | 'KMS' | 'IdentityProvider' | 'SMTP';

/**
 * A call to a dependency other than the table failed; `cause` is what its client threw. Every such call goes
 * through `callDependency`, so an SDK error that reaches the error handler unwrapped came from the table.
 */
export class DependencyFailure extends Error {
  override readonly name = 'DependencyFailure';

  /**
   * @param transient whether retrying later may succeed, where the caller knows better than the cause's name or
   *   code (which `isStoreUnavailable` reads otherwise).
   */
  constructor(
    readonly dependency: Dependency,
    override readonly cause: unknown,
    readonly transient?: boolean,
  ) {
    super(`${dependency} failed: ${cause instanceof Error ? cause.name : 'unknown error'}`);
  }
}

/** Runs one call to `dependency`, naming it in whatever the call throws. */
export async function callDependency<T>(dependency: Dependency, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof DependencyFailure ? error : new DependencyFailure(dependency, error);
  }
}

/** An AWS SDK service error carries the response's metadata (`$metadata`, `$fault`). */
const isSdkServiceError = (error: Error) => '$metadata' in error && '$fault' in error;

/**
 * Which dependency an error reaching the error handler is the failure of, if any: the one named by a
 * DependencyFailure; DynamoDB for an SDK error or a store-unavailable network error that nothing wrapped.
 */
export function failedDependency(error: unknown): Dependency | undefined {
  if (error instanceof DependencyFailure) return error.dependency;
  if (!(error instanceof Error)) return undefined;
  return isSdkServiceError(error) || isStoreUnavailable(error) ? 'DynamoDB' : undefined;
}

/** The name of the error a dependency's client threw (what the logs carry; never its message, which may echo input). */
export function dependencyErrorName(error: Error): string {
  const cause = error instanceof DependencyFailure && error.cause instanceof Error ? error.cause : error;
  // Some libraries (aws-jwt-verify) leave `name` as "Error" on their own classes: the class says more.
  return cause.name === 'Error' ? cause.constructor.name : cause.name;
}
