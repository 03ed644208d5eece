import type { Construct } from 'constructs';

/** A setting the deployment gave as `-c key=value`: its text, or undefined when it is absent, empty or not text. */
export function contextString(scope: Construct, key: string): string | undefined {
  const value = scope.node.tryGetContext(key) as unknown;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
