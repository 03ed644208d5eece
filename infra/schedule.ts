import { Duration, Validations } from 'aws-cdk-lib';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SCHEDULED_RUN_EVENT } from '../functions/publisher/schedule-event.js';

export const PUBLISH_EVERY = Duration.minutes(5);

/**
 * An EventBridge schedule runs the publisher every few minutes with the fixed event its app expects. EventBridge
 * invokes through a resource-based permission on the function limited to this rule, so no role is involved.
 * A failed run (the publisher throws: functions/publisher/handler.ts) is retried, then parked in a dead-letter
 * queue, which the operations alarms watch.
 */
export class PublisherSchedule extends Construct {
  readonly rule: Rule;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, publisher: IFunction) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the publication schedule; its messages are the fixed schedule event.',
    });
    this.rule = new Rule(this, 'Rule', {
      description: 'Publishes editions whose time has come',
      schedule: Schedule.rate(PUBLISH_EVERY),
      targets: [
        new LambdaFunction(publisher, {
          event: RuleTargetInput.fromObject(SCHEDULED_RUN_EVENT),
          // A missed run is caught up by the next one; retrying an old run for long would only overlap with it.
          maxEventAge: Duration.minutes(4),
          retryAttempts: 2,
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });
  }
}
