import { describe, expect, it } from 'vitest';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { FUNCTION_RUNTIME } from '../../infra/functions.js';

describe('runtime', () => {
  it('runs the suite on the Node.js major version the Lambda functions run on', () => {
    const lambdaMajor = FUNCTION_RUNTIME.name.replace(/^nodejs(\d+)\.x$/, '$1');
    expect(FUNCTION_RUNTIME).toBe(Runtime.NODEJS_24_X);
    expect(process.versions.node.split('.')[0]).toBe(lambdaMajor);
  });
});
