import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { FilterPattern, MetricFilter, type IFilterPattern } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { contextString } from './context.js';
import type { HttpFunctionName } from '../functions/routes.js';

/** The namespace of the metrics made from the functions' request log lines. */
export const OPERATIONS_NAMESPACE = 'Shengming';
/** A function answering more than this share of its requests with a 5xx over 5 minutes pages someone. */
export const SERVER_ERROR_RATE = 0.05;
/** WAF blocks more than this many requests in 5 minutes: an attack or a rule blocking real users. */
export const WAF_BLOCKED_SPIKE = 500;

export interface OperationsProps {
  readonly httpFunctions: Readonly<Record<HttpFunctionName, NodejsFunction>>;
  readonly publisher: NodejsFunction;
  readonly publisherDeadLetters: Queue;
  readonly table: Table;
  /** The web ACL's metric name (its visibility config). */
  readonly webAclMetricName: string;
}

/**
 * What someone must hear about, sent to one SNS topic (`-c alarmEmail=…` subscribes an address): each HTTP
 * function's 5xx rate (from its own request log lines, so it counts the 500s the app answers, not only crashes),
 * a failed publisher run, publisher runs given up on (the dead-letter queue), DynamoDB throttling and a spike of
 * requests blocked by WAF.
 */
export class Operations extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { displayName: 'shengming alarms', enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: 'Alarm notifications carry alarm names and metric values only, no personal data; CloudWatch publishes to an unencrypted topic without a key policy for it.',
    });
    const email = contextString(this, 'alarmEmail');
    if (email) this.topic.addSubscription(new EmailSubscription(email));

    for (const [name, fn] of Object.entries(props.httpFunctions) as [HttpFunctionName, NodejsFunction][]) {
      const requests = this.requestMetric(fn, name, 'Requests', FilterPattern.stringValue('$.message', '=', 'request'));
      const serverErrors = this.requestMetric(
        fn,
        name,
        'ServerErrors',
        FilterPattern.all(FilterPattern.stringValue('$.message', '=', 'request'), FilterPattern.numberValue('$.status', '>=', 500)),
      );
      const rate = new MathExpression({
        expression: 'IF(requests > 0, errors / requests, 0)',
        usingMetrics: { requests, errors: serverErrors },
        period: Duration.minutes(5),
        label: `${name} 5xx rate`,
      });
      this.alarm(`${name}ServerErrorRate`, rate, SERVER_ERROR_RATE, `${name}: more than ${SERVER_ERROR_RATE * 100}% of requests answered 5xx`);
    }
    this.alarm('PublisherFailures', props.publisher.metricErrors({ period: Duration.minutes(5) }), 0, 'a scheduled publication run failed');
    this.alarm(
      'PublisherDeadLetters',
      props.publisherDeadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      0,
      'a scheduled publication run was given up on after its retries (see the dead-letter queue)',
    );
    const throttles = new MathExpression({
      expression: 'reads + writes',
      usingMetrics: {
        reads: props.table.metric('ReadThrottleEvents', { statistic: 'Sum', period: Duration.minutes(5) }),
        writes: props.table.metric('WriteThrottleEvents', { statistic: 'Sum', period: Duration.minutes(5) }),
      },
      period: Duration.minutes(5),
      label: 'DynamoDB throttle events',
    });
    this.alarm('DynamoDbThrottles', throttles, 0, 'DynamoDB throttled requests to the table');
    const blocked = new Metric({
      namespace: 'AWS/WAFV2',
      metricName: 'BlockedRequests',
      dimensionsMap: { WebACL: props.webAclMetricName, Region: Stack.of(this).region, Rule: 'ALL' },
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
    this.alarm('WafBlockedSpike', blocked, WAF_BLOCKED_SPIKE, `WAF blocked more than ${WAF_BLOCKED_SPIKE} requests in 5 minutes`);
  }

  /** A count metric from the function's JSON request log lines (one per request, written by shared/http/app.ts). */
  private requestMetric(fn: NodejsFunction, name: string, metricName: string, pattern: IFilterPattern): Metric {
    const filter = new MetricFilter(this, `${name}${metricName}`, {
      logGroup: fn.logGroup,
      filterPattern: pattern,
      metricNamespace: OPERATIONS_NAMESPACE,
      metricName: `${name}${metricName}`,
      metricValue: '1',
      defaultValue: 0,
    });
    return filter.metric({ statistic: 'Sum', period: Duration.minutes(5) });
  }

  private alarm(id: string, metric: IMetric, threshold: number, description: string): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
