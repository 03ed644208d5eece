import type { Hono } from 'hono';
import { isWatchId } from '../../shared/domain/watches.js';
import { chargeKey, requireApiKey, type PartnerEnv } from '../../shared/http/api-key-auth.js';
import { limitFrom, objectBody } from '../../shared/http/fields.js';
import { HttpProblem } from '../../shared/http/problem.js';
import type { ApiKeyContext } from '../../shared/services/api-keys.js';
import { createWatch, deliveryRecords, endWatch, organisationWatches, WatchNotFound, type WatchContext } from '../../shared/services/watches.js';
import { TooManyWatches, WatchExists } from '../../shared/store/watch-store.js';

const TEXT = {
  notFound: {
    'zh-CN': ['未找到', '本机构没有这个关注。'],
    en: ['Not found', 'Your organisation has no watch with this id.'],
  },
  tooMany: {
    'zh-CN': ['关注数已满', '这个号码的关注数已达上限，暂不能再关注。'],
    en: ['Watch limit reached', 'This number has as many watches as it may have; it cannot be watched now.'],
  },
  exists: {
    'zh-CN': ['已关注', '本机构已关注这个号码（见 watchId），每个机构对一个号码只能有一个关注；如需换回调地址，请先删除原关注再新建。'],
    en: ['Already watched', 'Your organisation already watches this number (see watchId): one watch per number and organisation. To change its callback URL, delete that watch and create a new one.'],
  },
} as const;

/**
 * Watch lists (verifier key): watch a certificate number with a callback URL, list and end the organisation's
 * watches, and see its webhook deliveries that failed (retrying or dead-lettered). A new watch takes one unit of the
 * key's daily quota, like a lookup.
 */
export function registerWatchRoutes(app: Hono<PartnerEnv>, keys: ApiKeyContext, watches: WatchContext): void {
  app.use('/api/v1/watches', requireApiKey(keys, ['verifier']));
  app.use('/api/v1/watches/*', requireApiKey(keys, ['verifier']));

  app.post('/api/v1/watches', async (c) => {
    const body = await objectBody(c);
    try {
      const { id, secret, maskedNumber, callbackUrl, createdAt } = await createWatch(watches, c.get('apiKey'), body, () => chargeKey(c, keys, 1));
      c.header('cache-control', 'no-store');
      return c.json({ id, secret, number: maskedNumber, callbackUrl, createdAt }, 201);
    } catch (error) {
      if (error instanceof WatchExists) {
        const [title, detail] = TEXT.exists[c.get('locale')];
        throw new HttpProblem(409, 'watch-exists', title, detail, { watchId: error.watchId });
      }
      if (!(error instanceof TooManyWatches)) throw error;
      const [title, detail] = TEXT.tooMany[c.get('locale')];
      throw new HttpProblem(409, 'watch-limit', title, detail);
    }
  });

  app.get('/api/v1/watches', async (c) => {
    c.header('cache-control', 'no-store');
    const items = await organisationWatches(watches, c.get('apiKey'));
    return c.json({ items: items.map(({ id, maskedNumber, callbackUrl, createdAt }) => ({ id, number: maskedNumber, callbackUrl, createdAt })) });
  });

  app.get('/api/v1/watches/deliveries', async (c) => {
    c.header('cache-control', 'no-store');
    return c.json({ items: await deliveryRecords(watches, c.get('apiKey'), limitFrom(c)) });
  });

  app.delete('/api/v1/watches/:id', async (c) => {
    const id = c.req.param('id');
    try {
      if (!isWatchId(id)) throw new WatchNotFound();
      await endWatch(watches, c.get('apiKey'), id);
      return c.body(null, 204);
    } catch (error) {
      if (!(error instanceof WatchNotFound)) throw error;
      const [title, detail] = TEXT.notFound[c.get('locale')];
      throw new HttpProblem(404, 'watch-not-found', title, detail);
    }
  });
}
