import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stackEnvironment } from './partition.js';
import { ShengmingStack } from './stack.js';

export const STACK_NAME = 'Shengming';

export interface ShengmingApp {
  readonly app: App;
  readonly stack: ShengmingStack;
}

/**
 * The CDK app with cdk-nag's AwsSolutions checks as a policy-validation plugin: synthesis fails on any finding
 * that is not acknowledged (with its reason) on the construct it concerns.
 * `context` is for tests and the bench; under the CLI, cdk.json's context reaches the App by itself. `outdir`
 * is where the cloud assembly goes (the bench runs the bundles it holds).
 */
export function createShengmingApp(context?: Record<string, unknown>, outdir?: string): ShengmingApp {
  const app = new App({ ...(context ? { context } : {}), ...(outdir ? { outdir } : {}) });
  const env = stackEnvironment(app);
  const stack = new ShengmingStack(app, STACK_NAME, {
    ...(env ? { env } : {}),
    description: '声明登记 shengming: registry of loss and void declarations',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
