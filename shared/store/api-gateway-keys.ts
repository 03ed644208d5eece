import type * as ApiGatewaySdk from '@aws-sdk/client-api-gateway';
import type { ApiKeyRecord } from '../domain/api-keys.js';
import type { ApiKeyGateway } from '../services/api-keys.js';

/**
 * AWS: each partner key is also an API Gateway API key (named by its key id, holding the same value) in the
 * partners usage plan, so API Gateway throttles and caps keyed routes before any Lambda runs. The plan is found
 * by name: its id in the moderation function's environment would make a dependency cycle (plan → stage →
 * methods → function).
 */
export function apiGatewayKeys(usagePlanName: string): ApiKeyGateway {
  // Loaded on first use: only key administration needs this SDK, not the moderation function's cold start.
  let loaded: Promise<typeof ApiGatewaySdk> | undefined;
  const load = () => (loaded ??= import('@aws-sdk/client-api-gateway'));
  let client: Promise<ApiGatewaySdk.APIGatewayClient> | undefined;
  let planId: Promise<string> | undefined;
  const gateway = () => (client ??= load().then(({ APIGatewayClient }) => new APIGatewayClient({ maxAttempts: 3 })));

  const usagePlanId = () =>
    (planId ??= (async () => {
      const { GetUsagePlansCommand } = await load();
      let position: string | undefined;
      do {
        const page = await (await gateway()).send(new GetUsagePlansCommand({ limit: 500, ...(position ? { position } : {}) }));
        const plan = page.items?.find((item) => item.name === usagePlanName);
        if (plan?.id) return plan.id;
        position = page.position;
      } while (position);
      planId = undefined;
      throw new Error(`no usage plan named ${usagePlanName}`);
    })());

  const gatewayKeyIds = async (key: ApiKeyRecord): Promise<string[]> => {
    const { GetApiKeysCommand } = await load();
    const { items = [] } = await (await gateway()).send(new GetApiKeysCommand({ nameQuery: key.id, limit: 50 }));
    return items.filter((item) => item.name === key.id && item.id).map((item) => item.id as string);
  };

  const register = async (key: ApiKeyRecord, plainKey: string) => {
    const { CreateApiKeyCommand, CreateUsagePlanKeyCommand } = await load();
    const created = await (await gateway()).send(
      new CreateApiKeyCommand({ name: key.id, value: plainKey, enabled: true, description: `${key.kind}: ${key.organisation}`.slice(0, 120) }),
    );
    await (await gateway()).send(new CreateUsagePlanKeyCommand({ usagePlanId: await usagePlanId(), keyId: created.id, keyType: 'API_KEY' }));
  };

  const revoke = async (key: ApiKeyRecord) => {
    const { DeleteApiKeyCommand } = await load();
    for (const id of await gatewayKeyIds(key)) await (await gateway()).send(new DeleteApiKeyCommand({ apiKey: id }));
  };

  return {
    register,
    // The new value first, then the old one goes: the key is never missing from the plan.
    replace: async (key, plainKey) => {
      const old = await gatewayKeyIds(key);
      await register(key, plainKey);
      const { DeleteApiKeyCommand } = await load();
      for (const id of old) await (await gateway()).send(new DeleteApiKeyCommand({ apiKey: id }));
    },
    revoke,
  };
}
