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

const UNAVAILABLE_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
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
