import { callDependency } from './errors.js';

/**
 * The text of a Secrets Manager secret (the SDK loaded on first use). An empty secret is a failure of the
 * dependency too: the stack created it, so something emptied it.
 */
export async function readSecretString(secretId: string): Promise<string> {
  return await callDependency('SecretsManager', async () => {
    const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!SecretString) throw new Error(`the secret ${secretId} is empty`);
    return SecretString;
  });
}
