import { localEnvironment, type AssemblyFunction } from './cloud-assembly.js';
import type { FunctionConfig } from './runtime.js';

/**
 * Stand-ins for the resources a template's environment refers to. None is reached: the functions read the
 * table through DYNAMODB_ENDPOINT and the secrets' values directly (see `localFunctionConfig`).
 */
export const REFERENCE_STAND_INS = {
  TABLE_NAME: 'local',
  LOOKUP_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:local-lookup-key',
  FORM_SEAL_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:local-form-seal-key',
  SMTP_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:local-smtp',
  ATTACHMENTS_BUCKET: 'local-attachments',
  LOG_KEY_ID: 'arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-4000-8000-000000000000',
  USER_POOL_ID: 'eu-west-1_local',
  STAFF_CLIENT_ID: 'local',
  STAFF_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_local',
  STAFF_LOGOUT_URL: 'https://local.auth.eu-west-1.amazoncognito.com/logout',
  STAFF_SESSION_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:local-staff-session-key',
  WEBHOOK_SEAL_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:local-webhook-seal-key',
  MAIL_FROM: 'local@example.com',
  PUBLIC_BASE_URL: 'https://example.execute-api.eu-west-1.amazonaws.com/prod/',
} as const satisfies Readonly<Record<string, string>>;

export interface LocalResources {
  /** DynamoDB Local, and the table the functions use in it. */
  readonly endpoint: string;
  readonly tableName: string;
  /** The secrets' values, given where the template has the secret (each function reads the direct one first). */
  readonly lookupKey: string;
  readonly formSealKey: string;
}

/**
 * How to start a synthesized bundle here: the template's environment with the stand-ins, the table named,
 * DynamoDB Local as the endpoint and the secrets' values given directly; `environment` on top of that.
 */
export function localFunctionConfig(
  fn: AssemblyFunction,
  local: LocalResources,
  options: { readonly functionName: string; readonly environment?: Readonly<Record<string, string>> } & Partial<FunctionConfig>,
): FunctionConfig {
  const { environment, ...rest } = options;
  return {
    directory: fn.directory,
    handler: fn.handler,
    memoryMiB: fn.memoryMiB,
    timeoutSeconds: fn.timeoutSeconds,
    ...rest,
    environment: localEnvironment(
      fn,
      { ...REFERENCE_STAND_INS, TABLE_NAME: local.tableName },
      {
        TABLE_NAME: local.tableName,
        DYNAMODB_ENDPOINT: local.endpoint,
        ...('LOOKUP_KEY_SECRET_ARN' in fn.environment ? { LOOKUP_KEY: local.lookupKey } : {}),
        ...('FORM_SEAL_KEY_SECRET_ARN' in fn.environment ? { FORM_SEAL_KEY: local.formSealKey } : {}),
        ...('STAFF_SESSION_KEY_SECRET_ARN' in fn.environment ? { STAFF_SESSION_KEY: 'local-staff-session-key' } : {}),
        ...('WEBHOOK_SEAL_KEY_SECRET_ARN' in fn.environment ? { WEBHOOK_SEAL_KEY: 'local-webhook-seal-key' } : {}),
        ...environment,
      },
    ),
  };
}
