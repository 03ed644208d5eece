/**
 * The EventBridge schedule invokes the publisher with this fixed payload: an API Gateway (REST) proxy event for
 * `POST /publisher/run`, so the scheduled run goes through the same Hono app and `hono/aws-lambda` handler as
 * every other function, and the local server can call the very same route on its timer.
 */
export const PUBLISHER_RUN_PATH = '/publisher/run';

export const SCHEDULED_RUN_EVENT = {
  resource: PUBLISHER_RUN_PATH,
  path: PUBLISHER_RUN_PATH,
  httpMethod: 'POST',
  headers: { 'content-type': 'application/json' },
  multiValueHeaders: {},
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  stageVariables: null,
  requestContext: { domainName: 'scheduler.internal', path: PUBLISHER_RUN_PATH, stage: 'schedule' },
  body: null,
  isBase64Encoded: false,
} as const;
