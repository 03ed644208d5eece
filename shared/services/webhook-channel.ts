import { Webhook } from 'standardwebhooks';
import { PermanentDeliveryFailure, type OutboxChannel, type OutboxItem } from '../domain/outbox.js';
import { checkCallbackUrl, resolvedCheck, watchSecretBinding, webhookBodyOf, type CallbackRules, type WebhookDeliveryRecord } from '../domain/watches.js';
import { getApiKey } from '../store/api-key-store.js';
import type { StoreContext } from '../store/client.js';
import type { TransactItem } from '../store/transact.js';
import { deliveryRecordPut, getWatch } from '../store/watch-store.js';
import { CallbackAddressRefused, CallbackTimeout, postCallback } from '../store/webhook-http.js';
import type { ValueSealer } from './sealed-values.js';

/** Delivering watches' webhooks (the outbox function only): the `webhook` channel and what it records for organisations. */

/** A failed attempt the outbox retries: its name is the short code the outbox item and the organisation see. */
class WebhookAttemptFailed extends Error {
  constructor(code: string) {
    super(code);
    this.name = code;
  }
}

export interface WebhookChannelOptions {
  readonly store: StoreContext;
  readonly sealer: () => Promise<ValueSealer>;
  readonly rules: CallbackRules;
  /** The whole exchange; a callback that has not answered by then is retried later. */
  readonly timeoutMs?: number;
  /** Signing time: the real time always (receivers compare `webhook-timestamp` with their own clocks). */
  readonly signedAt?: () => Date;
}

export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * The outbox's `webhook` channel: reads the watch (ended: dead at once, `watch_ended`) and its organisation's key
 * (revoked: dead at once, `key_revoked`), opens its secret, signs the
 * payload as Standard Webhooks (`webhook-id` = the outbox id, so a receiver can drop a repeat), and POSTs it to the
 * callback. A 2xx delivers; anything else, a timeout or a network error is retried with the outbox's backoff; an
 * address the rules refuse (at connection time) is dead at once.
 */
export function webhookChannel(options: WebhookChannelOptions): OutboxChannel {
  return {
    deliver: async (message) => {
      const body = webhookBodyOf(message.body);
      if (!body) throw new PermanentDeliveryFailure('bad_body');
      const watch = await getWatch(options.store, body.numberHash, body.watchId);
      if (!watch) throw new PermanentDeliveryFailure('watch_ended');
      if ((await getApiKey(options.store, watch.keyId))?.status !== 'active') throw new PermanentDeliveryFailure('key_revoked');
      const secret = (await options.sealer()).open(watch.sealedSecret, watchSecretBinding(watch.id));
      if (!secret) throw new PermanentDeliveryFailure('secret_unreadable');
      const checked = checkCallbackUrl(watch.callbackUrl, options.rules);
      if (!checked.ok) throw new PermanentDeliveryFailure('address_refused');
      const signedAt = options.signedAt?.() ?? new Date();
      const headers = {
        'webhook-id': message.id,
        'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign(message.id, signedAt, body.payload),
        'user-agent': 'shengming-webhooks/1',
      };
      let status: number;
      try {
        status = await postCallback(checked.url, headers, body.payload, {
          timeoutMs: options.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
          accept: (addresses) => resolvedCheck(checked.url, addresses, options.rules) === undefined,
        });
      } catch (error) {
        if (error instanceof CallbackAddressRefused) throw new PermanentDeliveryFailure('address_refused');
        if (error instanceof CallbackTimeout) throw new WebhookAttemptFailed('timeout');
        throw new WebhookAttemptFailed(error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'network_error');
      }
      if (status < 200 || status > 299) throw new WebhookAttemptFailed(`http_${status}`);
    },
  };
}

/**
 * What the outbox writes beside a webhook's settlement: the delivery's standing for its organisation, once it has
 * failed at least once (retrying, dead, or delivered after failures). A first-time success records nothing.
 */
export function webhookSettlementRecords(store: StoreContext): (settled: OutboxItem, now: Date) => readonly TransactItem[] {
  return (settled, now) => {
    const body = webhookBodyOf(settled.body);
    if (!body || (settled.state === 'delivered' && settled.attempts <= 1)) return [];
    const state = settled.state === 'delivered' ? 'delivered' : settled.state === 'dead' ? 'dead' : 'retrying';
    const record: WebhookDeliveryRecord = {
      messageId: settled.id,
      watchId: body.watchId,
      noticeNo: body.noticeNo,
      callbackUrl: settled.recipient,
      state,
      attempts: settled.attempts,
      ...(settled.lastError && state !== 'delivered' ? { lastError: settled.lastError } : {}),
      ...(state === 'retrying' ? { nextAttemptAt: settled.nextAttemptAt } : {}),
      createdAt: settled.createdAt,
      updatedAt: now.toISOString(),
    };
    return [deliveryRecordPut(store, body.keyId, record, now)];
  };
}
