// What grew without bound while connected is bounded or pruned: the live message ids (68 712 after 4 minutes
// on a busy server), the budget alerts' per-day and per-session keys, and V2's folder per listed session.
import { V2Contract } from '../../../src/client/v2/contract';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LIVE_MESSAGE_IDS, SessionData } from '../../../src/client/sessions/sessionData';
import type { ServerApi } from '../../../src/client/serverApi';
import type { V2Client } from '../../../src/client/v2/client';
import { listV2Sessions } from '../../../src/client/v2/sessions';
import { CrossingTracker } from '../../../src/store/budget';

describe('bounded maps', () => {
  test(`live message ids: the newest ${LIVE_MESSAGE_IDS} are kept, a re-reported one counts as new`, () => {
    const data = new SessionData(() => ({}) as ServerApi);
    const removed = (n: number) => data.applyLive({ type: 'message.removed', sessionID: 'ses_a', messageID: `msg_${n}` });
    removed(0);
    for (let n = 1; n < 4 * LIVE_MESSAGE_IDS; n++) {
      removed(n);
      if (n % 1000 === 0) removed(0); // msg_0 stays recent
    }
    assert.equal(data.liveMessageCount, LIVE_MESSAGE_IDS);
    assert.equal(data.sink.seenLive(`msg_${4 * LIVE_MESSAGE_IDS - 1}`), true);
    assert.equal(data.sink.seenLive('msg_0'), true);
    assert.equal(data.sink.seenLive('msg_1'), false);
  });

  test('budget crossings: at most the cap of keys; a key still in use keeps its level', () => {
    const tracker = new CrossingTracker(10);
    assert.equal(tracker.update('session-a', 'warning'), 'warning');
    for (let day = 0; day < 100; day++) {
      tracker.update(`day\u0000${day}`, 'ok');
      assert.equal(tracker.update('session-a', 'warning'), undefined, 'no second notification');
    }
    assert.equal(tracker.size, 10);
  });

  test('V2 folders: a session gone from the listing leaves the map', async () => {
    const entry = (id: string) => ({
      id,
      title: id,
      projectID: 'p',
      time: { created: 1, updated: 2 },
      location: { directory: `/w/${id}` },
    });
    let listed = ['ses_a', 'ses_b', 'ses_c'];
    // Only the listing's pages matter here: a client that answers them.
    const client = {
      contract: V2Contract.probing(),
      call: () => Promise.resolve({ items: listed.map(entry), cursor: {} }),
    } as unknown as V2Client;
    const known = new Map<string, { directory: string; parentID?: string }>();
    await listV2Sessions(client, {}, known);
    assert.deepEqual([...known.keys()].sort(), ['ses_a', 'ses_b', 'ses_c']);
    listed = ['ses_c', 'ses_d'];
    await listV2Sessions(client, {}, known);
    assert.deepEqual(
      [...known.entries()].sort().map(([id, { directory }]) => [id, directory]),
      [
        ['ses_c', '/w/ses_c'],
        ['ses_d', '/w/ses_d'],
      ],
    );
  });
});
