import { statusMessages, type NotifiedDeclaration, type StatusEvent } from '../domain/notifications.js';
import { newOutboxItem } from '../domain/outbox.js';
import type { StoreContext } from '../store/client.js';
import { outboxPut } from '../store/outbox-store.js';
import type { TransactItem } from '../store/transact.js';
import type { PublicationHookFactory } from './publication-hooks.js';

/** The outbox items telling the filer about one status change: add them to the change's own transaction. */
export function notificationItems(store: StoreContext, notified: NotifiedDeclaration, event: StatusEvent, now: Date): TransactItem[] {
  return statusMessages(notified, event).map((message) => outboxPut(store, newOutboxItem(message, now)));
}

/** Publication tells the filer the notice number: the messages are written in the notice's publication transaction. */
export function publishedNotificationHook(store: StoreContext, now: () => Date): PublicationHookFactory {
  return () => ({
    prepare: async (notice, published) => ({
      notice,
      items: published ? notificationItems(store, published, { kind: 'published', noticeNo: notice.noticeNo, publishedOn: notice.publishedOn }, now()) : [],
    }),
    committed: () => undefined,
    conflicted: () => undefined,
  });
}
