import { writeSync } from 'node:fs';
import { publishEdition } from '../shared/services/publication.js';
import { createStoreContext } from '../shared/store/client.js';
import { benchPublishingContext } from './log.js';
import { recordWrites } from './publication.js';

/**
 * The publisher the publication bench kills midway (bench/publication.ts): publishes EDITION_DATE at PUBLISH_AT
 * and reports each write request on stdout as it is sent and once DynamoDB has answered it, synchronously, so
 * the parent knows exactly what was in flight when it killed the process.
 */
const store = createStoreContext();
const report = (event: string, items: number) => writeSync(1, `${event} ${items}\n`);
recordWrites(
  store,
  ({ items }) => report('sent', items),
  ({ items }) => report('answered', items),
);
const publishAt = new Date(process.env.PUBLISH_AT ?? '');
await publishEdition(benchPublishingContext(store, () => publishAt, process.env.DATA_DIR ?? ''), process.env.EDITION_DATE ?? '', 'bench');
