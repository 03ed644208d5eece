import { Duration, Validations } from 'aws-cdk-lib';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUNDLE_SWEEP_EVENT, BUNDLE_SWEEP_MINUTES } from '../functions/bundles/schedule-event.js';
import { SCHEDULED_RUN_EVENT } from '../functions/publisher/schedule-event.js';

export const PUBLISH_EVERY = Duration.minutes(5);
/** A bundle whose run died holds its rows' certificate numbers until it is undone: at most its lease plus this. */
export const BUNDLE_SWEEP_EVERY = Duration.minutes(BUNDLE_SWEEP_MINUTES);

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

/**
 * Every few minutes the bundles function finishes or undoes bundles whose run died (a Lambda timeout or crash
 * midway), so that neither their staged rows nor their claims on certificate numbers wait for the next bundle
 * request. A failed sweep is not retried: the next one is a few minutes away. It is a request of the bundles app
 * like any other, so the function's 5xx-rate alarm (infra/operations.ts) counts it.
 */
export class BundleSweep extends Construct {
  readonly rule: Rule;

  constructor(scope: Construct, id: string, bundles: IFunction) {
    super(scope, id);
    this.rule = new Rule(this, 'Rule', {
      description: 'Finishes or undoes bundles whose run died',
      schedule: Schedule.rate(BUNDLE_SWEEP_EVERY),
      targets: [new LambdaFunction(bundles, { event: RuleTargetInput.fromObject(BUNDLE_SWEEP_EVENT), maxEventAge: Duration.minutes(4), retryAttempts: 0 })],
    });
  }
}
