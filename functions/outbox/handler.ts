import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createLogger } from '../../shared/http/logger.js';
import { createStoreContext } from '../../shared/store/client.js';
import { channelsFromEnvironment } from './channels.js';
import { createOutboxConsumer } from './consumer.js';

const consumer = createOutboxConsumer(
  {
    store: createStoreContext(),
    now: () => new Date(),
    jitter: Math.random,
    channels: channelsFromEnvironment(),
  },
  createLogger('outbox'),
);

/** Invoked by the table's stream (records) and by the sweep schedule (OUTBOX_SWEEP_EVENT). */
export async function handler(event: DynamoDBStreamEvent | { outbox: 'sweep' }): Promise<DynamoDBBatchResponse | { delivered: number }> {
  if ('Records' in event) return await consumer.onStream(event);
  const outcomes = await consumer.sweep();
  return { delivered: outcomes.filter((outcome) => outcome.result === 'delivered').length };
}
