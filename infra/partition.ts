import type { Environment } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** The AWS China partition (Beijing cn-north-1, Ningxia cn-northwest-1), run by Sinnet and NWCD under their own accounts. */
export const CHINA_PARTITION = 'aws-cn';
export const CHINA_REGIONS = ['cn-north-1', 'cn-northwest-1'] as const;
const DEFAULT_CHINA_REGION = 'cn-north-1';

export type Partition = 'aws' | typeof CHINA_PARTITION;

/** The partition the deployment targets, from `-c partition=…` (default the global partition `aws`). */
export function partitionFromContext(scope: Construct): Partition {
  const partition = scope.node.tryGetContext('partition') as unknown;
  if (partition === undefined || partition === '' || partition === 'aws') return 'aws';
  if (partition === CHINA_PARTITION) return CHINA_PARTITION;
  throw new Error(`-c partition=${String(partition)}: expected aws or ${CHINA_PARTITION}`);
}

export const inChina = (scope: Construct): boolean => partitionFromContext(scope) === CHINA_PARTITION;

/**
 * Where the stack goes. The global stack stays environment-agnostic (any region, `cdk deploy` picks it). A China
 * stack is pinned to a China region, from `-c region=…` or the CLI's default region (`AWS_REGION` / the profile),
 * cn-north-1 when neither names one: a literal China region is what makes CDK write `arn:aws-cn:` and the
 * `amazonaws.com.cn` endpoints, and what lets it refuse a region of the other partition before anything deploys.
 */
export function stackEnvironment(app: Construct, env: Record<string, string | undefined> = process.env): Environment | undefined {
  if (partitionFromContext(app) !== CHINA_PARTITION) return undefined;
  const region = (app.node.tryGetContext('region') as string | undefined) ?? env.CDK_DEFAULT_REGION ?? DEFAULT_CHINA_REGION;
  if (!(CHINA_REGIONS as readonly string[]).includes(region)) {
    throw new Error(`-c partition=${CHINA_PARTITION} deploys to ${CHINA_REGIONS.join(' or ')}, not ${region} (give -c region=…)`);
  }
  return { region, ...(env.CDK_DEFAULT_ACCOUNT ? { account: env.CDK_DEFAULT_ACCOUNT } : {}) };
}
