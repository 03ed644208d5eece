import { randomBytes } from 'node:crypto';
import type { ApiKeyRecord } from '../domain/api-keys.js';
import { InvalidInput } from '../domain/errors.js';
import type { FieldError } from '../domain/localized.js';
import { newOutboxItem } from '../domain/outbox.js';
import {
  WEBHOOK_CHANNEL,
  checkCallbackUrl,
  noticePublishedPayload,
  resolvedCheck,
  watchDisplayNumber,
  watchRequestShapeErrors,
  watchSecretBinding,
  webhookMessageId,
  type CallbackRules,
  type WebhookBody,
  type WebhookDeliveryRecord,
} from '../domain/watches.js';
import type { StoreContext } from '../store/client.js';
import { outboxPut } from '../store/outbox-store.js';
import {
  deleteWatch,
  listDeliveryRecords,
  listWatches,
  putWatch,
  watchesOnHash,
  type ListedWatch,
} from '../store/watch-store.js';
import { resolveHost } from '../store/webhook-http.js';
import type { QuotaRelease } from './api-keys.js';
import type { LookupHasher } from './lookup-key.js';
import type { PublicationHookFactory } from './publication-hooks.js';
import type { ValueSealer } from './sealed-values.js';
import { lookupNumber } from './verification.js';

/**
 * Watch lists (issue 17): a verifier's watch on a certificate number, and the signed webhook its organisation
 * receives through the outbox when a notice for that number is published.
 */

export interface WatchContext {
  readonly store: StoreContext;
  readonly now: () => Date;
  readonly lookupHasher: () => Promise<LookupHasher>;
  /** Seals the signing secrets, which the deliverer must be able to open (WEBHOOK_SEAL_KEY). */
  readonly sealer: () => Promise<ValueSealer>;
  /** Where callbacks may go; the Lambda handlers use PUBLIC_CALLBACKS, only the local server allows loopback. */
  readonly rules: CallbackRules;
  /** Resolves a host name (DNS; replaced in tests). */
  readonly resolve?: (host: string) => Promise<string[]>;
}


export class WatchNotFound extends Error {
  override readonly name = 'WatchNotFound';
}

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64 (the libraries' format). */
function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The watch asked for, checked: every bad field named at once (the number as a lookup checks it, the URL by the rules). */
async function watchRequest(context: WatchContext, input: Record<string, unknown>): Promise<{ number: string; callbackUrl: URL }> {
  const errors: FieldError[] = watchRequestShapeErrors(input);
  const invalid = new Set(errors.map((error) => error.path));
  let number = '';
  if (!invalid.has('number')) {
    try {
      number = lookupNumber(input.number as string);
    } catch (failure) {
      if (!(failure instanceof InvalidInput)) throw failure;
      errors.push(...failure.errors);
    }
  }
  let callbackUrl: URL | undefined;
  if (!invalid.has('callbackUrl')) {
    const checked = checkCallbackUrl(input.callbackUrl as string, context.rules);
    const refusal = !checked.ok
      ? checked.message
      : checked.literal
        ? undefined
        : resolvedCheck(checked.url, await (context.resolve ?? resolveHost)(checked.host), context.rules);
    if (refusal) errors.push({ path: 'callbackUrl', message: refusal });
    else if (checked.ok) callbackUrl = checked.url;
  }
  if (errors.length > 0 || !callbackUrl) throw new InvalidInput(errors);
  return { number, callbackUrl };
}

export interface CreatedWatch extends ListedWatch {
  /** The signing secret, shown only in this answer. */
  readonly secret: string;
}

/**
 * A new watch for the key's organisation; the number is kept only as its keyed hash and masked. `charge` runs once
 * the request is found valid, before anything is stored (a bad request costs nothing); a watch that is then not
 * stored (the number's watch limit) gives its unit back.
 */
export async function createWatch(context: WatchContext, key: ApiKeyRecord, input: Record<string, unknown>, charge: () => Promise<QuotaRelease>): Promise<CreatedWatch> {
  const { number, callbackUrl } = await watchRequest(context, input);
  const release = await charge();
  const id = randomBytes(16).toString('base64url');
  const secret = newSigningSecret();
  const [hash, sealer] = await Promise.all([context.lookupHasher(), context.sealer()]);
  const watch = {
    id,
    keyId: key.id,
    numberHash: hash(number),
    maskedNumber: watchDisplayNumber(number),
    callbackUrl: callbackUrl.href,
    createdAt: context.now().toISOString(),
    sealedSecret: sealer.seal(secret, watchSecretBinding(id)),
  };
  await putWatch(context.store, watch).catch(async (error: unknown) => {
    // The request's own error is the answer; if the table cannot be reached to give the unit back, it stays taken.
    await release().catch(() => undefined);
    throw error;
  });
  return { id, secret, maskedNumber: watch.maskedNumber, callbackUrl: watch.callbackUrl, createdAt: watch.createdAt };
}

export async function organisationWatches(context: Pick<WatchContext, 'store'>, key: ApiKeyRecord): Promise<ListedWatch[]> {
  return await listWatches(context.store, key.id);
}

/** Ends one of the organisation's watches: deliveries not yet made stop (the deliverer finds no watch). */
export async function endWatch(context: Pick<WatchContext, 'store'>, key: ApiKeyRecord, id: string): Promise<void> {
  if (!(await deleteWatch(context.store, key.id, id))) throw new WatchNotFound();
}

export async function deliveryRecords(context: Pick<WatchContext, 'store'>, key: ApiKeyRecord, limit: number): Promise<WebhookDeliveryRecord[]> {
  return await listDeliveryRecords(context.store, key.id, limit);
}

/**
 * Publication enqueues one webhook per watch on the notice's number, in the notice's own transaction, with an id
 * made of the watch and the notice number: a resumed or repeated run cannot enqueue it again.
 */
export function watchNotificationHook(store: StoreContext, now: () => Date): PublicationHookFactory {
  return () => ({
    prepare: async (notice, _published, numberHash) => {
      if (!numberHash) return { notice, items: [] };
      const at = now();
      const items = (await watchesOnHash(store, numberHash)).map((watch) => {
        const body: WebhookBody = {
          keyId: watch.keyId,
          watchId: watch.id,
          numberHash,
          noticeNo: notice.noticeNo,
          payload: noticePublishedPayload(watch, notice, at.toISOString()),
        };
        return outboxPut(store, newOutboxItem({ id: webhookMessageId(watch.id, notice.noticeNo), channel: WEBHOOK_CHANNEL, recipient: watch.callbackUrl, body: { ...body } }, at));
      });
      return { notice, items };
    },
    committed: () => undefined,
    conflicted: () => undefined,
  });
}
