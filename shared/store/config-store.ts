import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext } from './client.js';

/** The newspaper's tariff, kept in the table so the price can change without a deployment. */
export interface StoredTariff {
  readonly charactersPerLine: number;
  readonly pricePerLineFen: number;
}

const TARIFF_KEY = { pk: 'PUB#CONFIG', sk: 'TARIFF' } as const;

export async function readTariff(store: StoreContext): Promise<StoredTariff | undefined> {
  const { Item } = await store.client.send(new GetCommand({ TableName: store.tableName, Key: TARIFF_KEY }));
  if (!Item) return undefined;
  return { charactersPerLine: Number(Item.charactersPerLine), pricePerLineFen: Number(Item.pricePerLineFen) };
}

/** Writes the tariff unless one is already set (set-up seeds the default without overwriting an edited one). */
export async function seedTariff(store: StoreContext, tariff: StoredTariff): Promise<void> {
  try {
    await store.client.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...TARIFF_KEY, ...tariff },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
  }
}
