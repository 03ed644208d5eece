import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { failingOnServerError, ScheduledRunFailed } from '../../functions/scheduled-run.js';
import { SCHEDULED_RUN_EVENT } from '../../functions/publisher/schedule-event.js';
import type { APIGatewayProxyEvent } from 'aws-lambda';

const event = SCHEDULED_RUN_EVENT as unknown as APIGatewayProxyEvent;
const context = { awsRequestId: 'run-1' } as Context;
const answering = (statusCode: number, body: string) => failingOnServerError(async () => ({ statusCode, body }));

describe('a scheduled run', () => {
  it('that succeeds returns its result (the invocation succeeds)', async () => {
    await expect(answering(200, '{"editions":[]}')(event, context)).resolves.toEqual({ statusCode: 200, body: '{"editions":[]}' });
  });

  it('that the app answers 5xx fails the invocation, naming the problem (so EventBridge retries, then dead-letters)', async () => {
    const run = answering(503, JSON.stringify({ type: '/problems/store-unavailable', title: 'x', status: 503 }));
    const failure = await run(event, context).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ScheduledRunFailed);
    expect(failure).toMatchObject({ name: 'ScheduledRunFailed', status: 503, problemType: '/problems/store-unavailable' });
  });

  it('fails on a 500 whose body is not JSON too', async () => {
    await expect(answering(500, 'oops')(event, context)).rejects.toMatchObject({ status: 500, problemType: 'unknown' });
  });
});
