import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { OUTBOX_SWEEP_EVENT } from '../functions/outbox/consumer.js';
import { OUTBOX_PARTITION_PREFIX } from '../shared/store/outbox-store.js';

export const OUTBOX_SWEEP_EVERY = Duration.minutes(1);

/**
 * How outbox items reach the consumer: the table's stream hands over each new item at once (filtered to outbox
 * inserts, so the consumer never even sees other items' keys), and a schedule sweeps the due list every minute
 * for retries after backoff and claims whose consumer died. Both end in the same claim, so an item is sent once.
 */
export class OutboxDelivery extends Construct {
  readonly sweep: Rule;

  constructor(scope: Construct, id: string, props: { table: ITable; consumer: IFunction }) {
    super(scope, id);
    props.consumer.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 25,
        maxBatchingWindow: Duration.seconds(1),
        retryAttempts: 3,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        filters: [
          FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { Keys: { pk: { S: FilterRule.beginsWith(OUTBOX_PARTITION_PREFIX) } } } }),
        ],
      }),
    );
    if (props.consumer.role) {
      Validations.of(props.consumer.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'The stream event source grants dynamodb:ListStreams, which has no resource type: it lists stream ARNs and reads no ' +
          'data. Reading the stream (DescribeStream, GetShardIterator, GetRecords) is granted on this table\'s stream only.',
      });
    }
    this.sweep = new Rule(this, 'Sweep', {
      description: 'Delivers outbox items whose retry is due',
      schedule: Schedule.rate(OUTBOX_SWEEP_EVERY),
      targets: [new LambdaFunction(props.consumer, { event: RuleTargetInput.fromObject(OUTBOX_SWEEP_EVENT), maxEventAge: Duration.minutes(2), retryAttempts: 1 })],
    });
  }
}
