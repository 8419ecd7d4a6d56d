// Paging: newest `limit` first, then `before` = the previous answer's x-next-cursor, until none.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LIVE_PAGE_SIZE, PAGE_SIZE, SessionMessages, type PagedMessagesClient } from '../../src/panel/sessionMessages';
import { longSession } from './helpers/usageMessages';

function fakeClient(items: unknown[], calls: Array<{ limit?: number; before?: string }>): PagedMessagesClient {
  return {
    session: {
      async messages({ limit, before }) {
        calls.push({ limit, before });
        const end = before ? Number(before) : items.length;
        const start = limit ? Math.max(0, end - limit) : 0;
        const headers = new Headers({ 'content-type': 'application/json' });
        if (start > 0) headers.set('x-next-cursor', String(start));
        return { data: items.slice(start, end), response: new Response(null, { status: 200, headers }) };
      },
    },
  };
}

describe('SessionMessages', () => {
  test('reads every page through the cursor, newest first', async () => {
    const items = longSession(450); // 900 messages
    const calls: Array<{ limit?: number; before?: string }> = [];
    const messages = new SessionMessages(fakeClient(items, calls), 'S');
    let pages = 0;
    await messages.loadAll(undefined, () => pages++);
    assert.equal(messages.size, 900);
    assert.equal(pages, 5);
    assert.deepEqual(calls.map((c) => c.before), [undefined, '700', '500', '300', '100']);
    assert.ok(calls.every((c) => c.limit === PAGE_SIZE));
  });

  test('refreshNewest reads one small page and reports whether anything changed', async () => {
    const items = longSession(10);
    const calls: Array<{ limit?: number; before?: string }> = [];
    const messages = new SessionMessages(fakeClient(items, calls), 'S');
    await messages.loadAll();
    assert.equal(await messages.refreshNewest(), false);
    items.push(...longSession(11).slice(20));
    assert.equal(await messages.refreshNewest(), true);
    assert.equal(messages.size, 22);
    assert.equal(calls.at(-1)?.limit, LIVE_PAGE_SIZE);
  });
});
