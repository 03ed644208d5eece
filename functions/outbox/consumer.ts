import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBStreamEvent, DynamoDBBatchResponse } from 'aws-lambda';
import { deliverDueOutbox, deliverOutboxItem, type DeliveryOutcome, type OutboxContext } from '../../shared/services/outbox.js';
import { OUTBOX_PARTITION_PREFIX } from '../../shared/store/outbox-store.js';

/** The schedule's fixed payload: sweep the due list (retries after backoff, leases run out, anything the stream missed). */
export const OUTBOX_SWEEP_EVENT = { outbox: 'sweep' } as const;

export interface OutboxConsumer {
  /** The table's stream (new outbox items only, by the event source's filter): deliver each at once. */
  onStream(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse>;
  /** The schedule's run (and, locally, the whole consumer). */
  sweep(): Promise<DeliveryOutcome[]>;
}

/**
 * The outbox consumer: one code path for the stream, the schedule and the local server. Channel failures are
 * the outbox's business (retry with backoff, dead letter); only a store failure fails a stream record, so that
 * Lambda hands it over again — nothing was sent for it, since a send happens only after a successful claim.
 */
export function createOutboxConsumer(context: OutboxContext, logger: Logger): OutboxConsumer {
  const logged: OutboxContext = {
    ...context,
    onOutcome: (outcome) => {
      if (outcome.result !== 'skipped') logger.info('outbox delivery', { ...outcome });
      context.onOutcome?.(outcome);
    },
  };
  return {
    onStream: async (event) => {
      const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        const pk = record.dynamodb?.Keys?.pk?.S;
        if (!pk?.startsWith(OUTBOX_PARTITION_PREFIX)) continue;
        try {
          await deliverOutboxItem(logged, pk.slice(OUTBOX_PARTITION_PREFIX.length));
        } catch (error) {
          logger.warn('outbox record not handled', { errorName: error instanceof Error ? error.name : 'unknown' });
          batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
        }
      }
      return { batchItemFailures };
    },
    sweep: async () => await deliverDueOutbox(logged),
  };
}
