/**
 * The outbox: a message that must go out because something changed (a notification, a webhook) is written as an
 * outbox item in the same transaction as the change, then delivered by a consumer that claims it, sends it and
 * records the outcome. This module is the pure part: what an item is and how its delivery state moves. No clock
 * (callers pass `now`), no I/O.
 *
 * Delivery states:
 *   pending ──claim──▶ delivering ──sent──▶ delivered
 *      ▲                    │
 *      └──failed, retry─────┤
 *                           └──failed for good, or out of attempts──▶ dead
 * A claim holds a lease; a consumer that crashed mid-delivery loses it when the lease ends and the item is
 * claimed again (so a crash between "sent" and "recorded" is the one case that can send twice).
 */

/** A message to deliver. `channel` picks the sender (`sms`, `email`, `webhook`); `body` is the channel's own. */
export interface OutboxMessage<Body = Record<string, unknown>> {
  /**
   * Unique and deterministic for what caused it (e.g. `<declaration id>:v3:sms`), so that writing the same change
   * twice cannot enqueue two messages; channels that support it pass it on as the idempotency key (webhook-id).
   */
  readonly id: string;
  readonly channel: string;
  /** Where it goes: a phone number, an e-mail address, a callback URL. Private, like the rest of the item. */
  readonly recipient: string;
  readonly body: Body;
}

export type DeliveryState = 'pending' | 'delivering' | 'delivered' | 'dead';

export interface OutboxItem<Body = Record<string, unknown>> extends OutboxMessage<Body> {
  readonly state: DeliveryState;
  /** Delivery attempts begun so far (a claim counts as one). */
  readonly attempts: number;
  readonly createdAt: string;
  /** Pending: when the next attempt may start. */
  readonly nextAttemptAt: string;
  /** Delivering: the claim's token and when its lease ends. */
  readonly claimToken?: string;
  readonly claimedUntil?: string;
  readonly deliveredAt?: string;
  /** Why the last attempt failed: an error name or a channel's short code, never message content. */
  readonly lastError?: string;
}

export interface RetryPolicy {
  /** Attempts in all, the first included; after the last failed one the item is dead. */
  readonly maxAttempts: number;
  /** Wait before the second attempt; each later wait doubles, up to `maxDelaySeconds`. */
  readonly baseDelaySeconds: number;
  readonly maxDelaySeconds: number;
  /** How long a claim holds before another consumer may take the item over. */
  readonly leaseSeconds: number;
}

/** 30 s, 1, 2, 4, 8 min…: about an hour of trying in all before a message is given up (dead-lettered). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelaySeconds: 30, maxDelaySeconds: 30 * 60, leaseSeconds: 60 };

const plusSeconds = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000).toISOString();

/** A new item, due at once. */
export function newOutboxItem<Body>(message: OutboxMessage<Body>, now: Date): OutboxItem<Body> {
  const at = now.toISOString();
  return { ...message, state: 'pending', attempts: 0, createdAt: at, nextAttemptAt: at };
}

/**
 * The wait before the attempt after `attemptsMade` failed ones: exponential, capped, with up to ±20 % jitter
 * (`jitter` in [0, 1), 0.5 for none) so that many messages failing together do not all retry together.
 */
export function retryDelaySeconds(attemptsMade: number, policy: RetryPolicy, jitter = 0.5): number {
  const exponential = Math.min(policy.baseDelaySeconds * 2 ** Math.max(0, attemptsMade - 1), policy.maxDelaySeconds);
  return Math.max(1, Math.round(exponential * (0.8 + 0.4 * jitter)));
}

/** Whether a consumer may claim the item now: pending and due, or delivering under a lease that has run out. */
export function isClaimable(item: OutboxItem<unknown>, now: Date): boolean {
  if (item.state === 'pending') return Date.parse(item.nextAttemptAt) <= now.getTime();
  if (item.state === 'delivering') return item.claimedUntil !== undefined && Date.parse(item.claimedUntil) <= now.getTime();
  return false;
}

/** The item as claimed by `claimToken`: one more attempt, held until the lease ends. */
export function claimed<Body>(item: OutboxItem<Body>, claimToken: string, now: Date, policy: RetryPolicy): OutboxItem<Body> {
  return { ...item, state: 'delivering', attempts: item.attempts + 1, claimToken, claimedUntil: plusSeconds(now, policy.leaseSeconds) };
}

export function delivered<Body>(item: OutboxItem<Body>, now: Date): OutboxItem<Body> {
  const { claimToken: _token, claimedUntil: _until, ...rest } = item;
  return { ...rest, state: 'delivered', deliveredAt: now.toISOString() };
}

/**
 * After a failed attempt: pending again after the backoff, or dead when the failure is permanent (the channel
 * says so: an invalid address) or the attempts are used up.
 */
export function failed<Body>(
  item: OutboxItem<Body>,
  failure: { readonly code: string; readonly permanent: boolean },
  now: Date,
  policy: RetryPolicy,
  jitter?: number,
): OutboxItem<Body> {
  const { claimToken: _token, claimedUntil: _until, ...rest } = item;
  if (failure.permanent || item.attempts >= policy.maxAttempts) return { ...rest, state: 'dead', lastError: failure.code };
  return { ...rest, state: 'pending', lastError: failure.code, nextAttemptAt: plusSeconds(now, retryDelaySeconds(item.attempts, policy, jitter)) };
}

/** When a consumer should next look at the item (the work index sorts by it); none once it is settled. */
export function nextLookAt(item: OutboxItem<unknown>): string | undefined {
  if (item.state === 'pending') return item.nextAttemptAt;
  if (item.state === 'delivering') return item.claimedUntil;
  return undefined;
}

/** What an `sms` message carries: one short text (it holds no full ID or phone number and no receipt). */
export interface SmsBody {
  readonly text: string;
}

/** What an `email` message carries: plain text, the same rule. */
export interface EmailBody {
  readonly subject: string;
  readonly text: string;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** The body of an `sms` message; a malformed one is a bug upstream that no retry will mend. */
export function smsBodyOf(message: OutboxMessage): SmsBody {
  const { text } = message.body;
  if (!isText(text)) throw new PermanentDeliveryFailure('bad_body');
  return { text };
}

export function emailBodyOf(message: OutboxMessage): EmailBody {
  const { subject, text } = message.body;
  if (!isText(subject) || !isText(text)) throw new PermanentDeliveryFailure('bad_body');
  return { subject, text };
}

/** Sends one channel's messages (SMS, e-mail, webhooks). Throwing means "not delivered". */
export interface OutboxChannel {
  deliver(message: OutboxMessage): Promise<void>;
}

/** A failure retrying cannot fix (an address the provider refuses): the item goes straight to dead. */
export class PermanentDeliveryFailure extends Error {
  override readonly name = 'PermanentDeliveryFailure';
  constructor(readonly code: string) {
    super(code);
  }
}
