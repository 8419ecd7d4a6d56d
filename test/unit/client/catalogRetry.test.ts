import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_CATALOG_RETRY_MS, ModelLimitCache } from '../../../src/client/sessions/modelLimitCache';
import { modelKey, type ModelLimits } from '../../../src/store/modelLimits';
import { PriceCatalogCache } from '../../../src/client/sessions/priceCatalogCache';
import type { PriceCatalog } from '../../../src/store/price/priceCatalog';

test('an empty model list (OpenCode 2 still loading its catalog) is asked again once the retry time has passed', async () => {
  let clock = 0;
  const answers: ModelLimits[] = [new Map(), new Map([[modelKey('scripted', 'alpha'), 200_000]])];
  let reads = 0;
  const cache = new ModelLimitCache(
    () => Promise.resolve(answers[Math.min(reads++, answers.length - 1)]),
    () => clock,
  );
  assert.equal(await cache.contextLimit('scripted', 'alpha'), undefined);
  assert.equal(await cache.contextLimit('scripted', 'alpha'), undefined, 'not asked again at once');
  assert.equal(reads, 1);
  clock += EMPTY_CATALOG_RETRY_MS;
  assert.equal(await cache.contextLimit('scripted', 'alpha'), 200_000);
  clock += EMPTY_CATALOG_RETRY_MS;
  assert.equal(await cache.contextLimit('scripted', 'beta'), undefined, 'a model missing from a full list is unknown');
  assert.equal(reads, 2, 'a full list is kept');
});

test('a server that cannot be asked its models is not asked again per model, only once the retry time has passed', async () => {
  let clock = 0;
  let reads = 0;
  const cache = new ModelLimitCache(
    () =>
      reads++ === 0
        ? Promise.reject(new Error('503 Service Unavailable'))
        : Promise.resolve(new Map([[modelKey('scripted', 'alpha'), 200_000]])),
    () => clock,
  );
  for (const model of ['alpha', 'beta', 'gamma']) assert.equal(await cache.contextLimit('scripted', model), undefined);
  assert.equal(reads, 1, 'one failed ask for three models');
  clock += EMPTY_CATALOG_RETRY_MS;
  assert.equal(await cache.contextLimit('scripted', 'alpha'), 200_000);
  assert.equal(reads, 2);
});

test('a reconnect forgets a failed ask: the server is asked again at once', async () => {
  let reads = 0;
  const cache = new ModelLimitCache(() =>
    reads++ === 0 ? Promise.reject(new Error('socket hang up')) : Promise.resolve(new Map([[modelKey('scripted', 'alpha'), 200_000]])),
  );
  assert.equal(await cache.contextLimit('scripted', 'alpha'), undefined);
  cache.clear();
  assert.equal(await cache.contextLimit('scripted', 'alpha'), 200_000);
  assert.equal(reads, 2);
});

test('no price catalog yet is asked again later, and the rows are drawn again once it comes', async () => {
  let clock = 0;
  let reads = 0;
  let loaded = 0;
  const catalog: PriceCatalog = { providers: [], models: new Map(), byModel: new Map() };
  const cache = new PriceCatalogCache(
    () => Promise.resolve(reads++ === 0 ? undefined : catalog),
    () => loaded++,
    () => clock,
  );
  await cache.load();
  await cache.load();
  assert.deepEqual([reads, loaded], [1, 0]);
  clock += EMPTY_CATALOG_RETRY_MS;
  await cache.load();
  assert.deepEqual([reads, loaded], [2, 1]);
});
