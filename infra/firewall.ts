import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { STAGE_NAME } from './api.js';

/** The paths whose requests are certificate-number lookups: the API and the web page that asks the same question. */
export const LOOKUP_PATHS = ['/api/v1/verify', '/verify'] as const;

/** Lookups per client address per window; a bank checking documents by hand stays far below this. */
export const LOOKUP_RATE = { limit: 60, windowSeconds: 60 } as const;

/** The web ACL's CloudWatch metric name (the WAF alarm reads its BlockedRequests). */
export const FIREWALL_METRIC_NAME = 'shengming';

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

function managedRuleGroup(name: string, priority: number, overrides: CfnWebACL.RuleActionOverrideProperty[] = []): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ruleActionOverrides: overrides } },
    visibilityConfig: visibility(name),
  };
}

function pathStartsWith(path: string): CfnWebACL.StatementProperty {
  return {
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: 'STARTS_WITH',
      searchString: path,
      textTransformations: [{ priority: 0, type: 'NONE' }],
    },
  };
}

/**
 * The URI path WAF sees on the execute-api endpoint starts with the stage name; through a custom domain it
 * does not. Both forms of every lookup path are scoped in.
 */
function lookupScope(stageName: string): CfnWebACL.StatementProperty {
  const paths = LOOKUP_PATHS.flatMap((path) => [path, `/${stageName}${path}`]);
  return { orStatement: { statements: paths.map(pathStartsWith) } };
}

export interface FirewallProps {
  readonly stage: Stage;
}

/** WAF in front of the REST API stage: AWS managed protections plus a per-client rate limit on lookups. */
export class Firewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: FirewallProps) {
    super(scope, id);
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(FIREWALL_METRIC_NAME),
      customResponseBodies: {
        'rate-limited': {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({ type: '/problems/rate-limited', title: '查询过于频繁', status: 429, detail: '请一分钟后再试。' }),
        },
      },
      rules: [
        {
          name: 'LookupRatePerClient',
          priority: 0,
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'rate-limited',
                responseHeaders: [{ name: 'Retry-After', value: String(LOOKUP_RATE.windowSeconds) }],
              },
            },
          },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: LOOKUP_RATE.limit,
              evaluationWindowSec: LOOKUP_RATE.windowSeconds,
              scopeDownStatement: lookupScope(STAGE_NAME),
            },
          },
          visibilityConfig: visibility('LookupRatePerClient'),
        },
        managedRuleGroup('AWSManagedRulesAmazonIpReputationList', 1),
        // The functions enforce the contract's 64 KiB body limit with a 413; the rule set's 8 KB body check only counts.
        managedRuleGroup('AWSManagedRulesCommonRuleSet', 2, [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
        managedRuleGroup('AWSManagedRulesKnownBadInputsRuleSet', 3),
      ],
    });
    new CfnWebACLAssociation(this, 'StageAssociation', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
