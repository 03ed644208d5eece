import { Duration } from 'aws-cdk-lib';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { SCHEDULED_RUN_EVENT } from '../functions/publisher/schedule-event.js';

export const PUBLISH_EVERY = Duration.minutes(5);

/**
 * An EventBridge schedule runs the publisher every few minutes with the fixed event its app expects. EventBridge
 * invokes through a resource-based permission on the function limited to this rule, so no role is involved.
 */
export class PublisherSchedule extends Construct {
  readonly rule: Rule;

  constructor(scope: Construct, id: string, publisher: IFunction) {
    super(scope, id);
    this.rule = new Rule(this, 'Rule', {
      description: 'Publishes editions whose time has come',
      schedule: Schedule.rate(PUBLISH_EVERY),
      targets: [
        new LambdaFunction(publisher, {
          event: RuleTargetInput.fromObject(SCHEDULED_RUN_EVENT),
          // A missed run is caught up by the next one; retrying an old run for long would only overlap with it.
          maxEventAge: Duration.minutes(4),
          retryAttempts: 2,
        }),
      ],
    });
  }
}
