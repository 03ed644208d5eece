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
/** The paths whose POST and PATCH requests file, change or withdraw declarations (the API and the filing pages). */
export const FILING_PATHS = ['/api/v1/declarations', '/api/v1/attachments', '/file', '/declarations'] as const;
const FILING_METHODS = ['POST', 'PATCH'] as const;

/**
 * Filing writes per client address per window: a person filing, fixing or withdrawing stays far below; probing
 * certificate numbers through the duplicate 409 does not (the app's own limit, FILING_RATE_LIMIT, is the second line).
 */
export const FILING_RATE = { limit: 100, windowSeconds: 300 } as const;

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
function pathScope(paths: readonly string[], stageName: string): CfnWebACL.StatementProperty {
  return { orStatement: { statements: paths.flatMap((path) => [path, `/${stageName}${path}`]).map(pathStartsWith) } };
}

function methodIs(method: string): CfnWebACL.StatementProperty {
  return {
    byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: method, textTransformations: [{ priority: 0, type: 'NONE' }] },
  };
}

/** A per-client-address rate rule over a scope, answering 429 problem+json with Retry-After. */
function rateRule(name: string, priority: number, rate: { limit: number; windowSeconds: number }, scopeDownStatement: CfnWebACL.StatementProperty): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    action: {
      block: {
        customResponse: {
          responseCode: 429,
          customResponseBodyKey: 'rate-limited',
          responseHeaders: [{ name: 'Retry-After', value: String(rate.windowSeconds) }],
        },
      },
    },
    statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit: rate.limit, evaluationWindowSec: rate.windowSeconds, scopeDownStatement } },
    visibilityConfig: visibility(name),
  };
}

export interface FirewallProps {
  readonly stage: Stage;
}

/** WAF in front of the REST API stage: AWS managed protections plus per-client rate limits on lookups and on filing. */
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
          content: JSON.stringify({ type: '/problems/rate-limited', title: '请求过于频繁', status: 429, detail: '请稍后再试。' }),
        },
      },
      rules: [
        rateRule('LookupRatePerClient', 0, LOOKUP_RATE, pathScope(LOOKUP_PATHS, STAGE_NAME)),
        rateRule('FilingRatePerClient', 4, FILING_RATE, {
          andStatement: { statements: [pathScope(FILING_PATHS, STAGE_NAME), { orStatement: { statements: FILING_METHODS.map(methodIs) } }] },
        }),
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
