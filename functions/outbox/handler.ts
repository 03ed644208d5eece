import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { PUBLIC_CALLBACKS, WEBHOOK_CHANNEL } from '../../shared/domain/watches.js';
import { createLogger } from '../../shared/http/logger.js';
import { webhookSealerFromEnvironment } from '../../shared/services/sealed-values.js';
import { webhookChannel, webhookSettlementRecords } from '../../shared/services/webhook-channel.js';
import { createStoreContext } from '../../shared/store/client.js';
import { channelsFromEnvironment } from './channels.js';
import { createOutboxConsumer } from './consumer.js';

const store = createStoreContext();
const now = () => new Date();
const consumer = createOutboxConsumer(
  {
    store,
    now,
    jitter: Math.random,
    channels: {
      ...channelsFromEnvironment(),
      // Watches' webhooks: public https callbacks only, the address checked again as each connection is made.
      [WEBHOOK_CHANNEL]: webhookChannel({
        store,
        sealer: webhookSealerFromEnvironment(now),
        rules: PUBLIC_CALLBACKS,
      }),
    },
    settlementRecords: { [WEBHOOK_CHANNEL]: webhookSettlementRecords(store) },
  },
  createLogger('outbox'),
);

/** Invoked by the table's stream (records) and by the sweep schedule (OUTBOX_SWEEP_EVENT). */
export async function handler(event: DynamoDBStreamEvent | { outbox: 'sweep' }): Promise<DynamoDBBatchResponse | { delivered: number }> {
  if ('Records' in event) return await consumer.onStream(event);
  const outcomes = await consumer.sweep();
  return { delivered: outcomes.filter((outcome) => outcome.result === 'delivered').length };
}
