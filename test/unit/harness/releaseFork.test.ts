// The release-shape adapter forks as a 2.x release does (test/harness/release/releaseFork.ts): the body of either
// release line, a fork's record from $0 with its copies' figures taken off 1.18.33's sum, `fork` on its record, its
// totals' events alike, and none of 1.18.33's news of the copying passed on. Read back by the extension's own V2
// reader: the record is a fork, at what it spent.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { v2SessionInfo } from '../../../src/client/v2/records';
import { copiedFigures, forkRequest, ReleaseForks, type ForkMade } from '../../harness/release/releaseFork';

const FORK: ForkMade = {
  from: 'ses_orig',
  boundary: { type: 'through', messageID: 'msg_last' },
  created: 5_000,
  copied: { cost: 0.75, tokens: { input: 300, output: 30, reasoning: 0, cache: { read: 10, write: 0 } } },
};
/** 1.18.33's record of the fork after a reply of its own ($0.125): its copies summed in. */
const V1_RECORD = {
  id: 'ses_fork',
  title: 'orig (fork #1)',
  cost: 0.875,
  tokens: { input: 340, output: 34, reasoning: 0, cache: { read: 10, write: 0 } },
  time: { created: 5_000, updated: 6_000 },
  location: { directory: '/w' },
};

describe('the release adapter forks as a 2.x release', () => {
  test("the body: 2.0.26's {before?} and the recorded build's {boundary: {type: 'through'}}", () => {
    assert.deepEqual(forkRequest({}), { v1: {} });
    assert.deepEqual(forkRequest({ before: 'msg_2' }), { v1: { messageID: 'msg_2' }, before: 'msg_2' });
    assert.deepEqual(forkRequest({ boundary: { type: 'through' } }), { v1: {} });
    assert.deepEqual(forkRequest({ boundary: { type: 'before', messageID: 'msg_2' } }), { v1: { messageID: 'msg_2' }, before: 'msg_2' });
    assert.equal(forkRequest({ boundary: 'through' }), undefined);
    assert.equal(forkRequest({ boundary: { type: 'after' } }), undefined);
  });

  test("the copies' figures: 1.18.33's assistant messages older than the fork", () => {
    const message = (role: string, created: number, cost: number, input: number) => ({
      info: { id: `m${created}`, role, cost, tokens: { input, output: input / 10 }, time: { created } },
    });
    const copied = copiedFigures(
      [
        message('user', 1_000, 0, 0),
        message('assistant', 2_000, 0.25, 100),
        message('assistant', 3_000, 0.5, 200),
        message('assistant', 6_000, 0.125, 40),
      ],
      5_000,
    );
    assert.deepEqual(copied, { cost: 0.75, tokens: { input: 300, output: 30, reasoning: 0, cache: { read: 0, write: 0 } } });
  });

  test("a fork's record starts at $0 and says `fork`; the extension reads it as a fork at what it spent", () => {
    const forks = new ReleaseForks();
    assert.deepEqual(forks.session(V1_RECORD), V1_RECORD, 'not a fork yet: as it is');
    forks.record('ses_fork', FORK);
    const served = forks.session(V1_RECORD);
    assert.deepEqual(served, {
      ...V1_RECORD,
      cost: 0.125,
      tokens: { input: 40, output: 4, reasoning: 0, cache: { read: 0, write: 0 } },
      fork: { sessionID: 'ses_orig', boundary: { type: 'through', messageID: 'msg_last' } },
    });
    const info = v2SessionInfo(served)!;
    assert.deepEqual(info.fork, { from: 'ses_orig' });
    assert.equal(info.cost, 0.125);
    // Just made: 1.18.33 sums the copies alone, a release says $0.
    assert.equal(forks.session({ ...V1_RECORD, cost: 0.75, tokens: FORK.copied.tokens }).cost, 0);
  });

  test("a fork's totals on the stream are its own too; other sessions' pass as they are", () => {
    const forks = new ReleaseForks();
    forks.record('ses_fork', FORK);
    const usage = (sessionID: string) => ({
      id: 'evt_1',
      created: 6_000,
      type: 'session.usage.updated',
      data: { sessionID, cost: 0.875, tokens: V1_RECORD.tokens },
    });
    assert.deepEqual(forks.event(usage('ses_fork')).data, {
      sessionID: 'ses_fork',
      cost: 0.125,
      tokens: { input: 40, output: 4, reasoning: 0, cache: { read: 0, write: 0 } },
    });
    assert.deepEqual(forks.event(usage('ses_other')), usage('ses_other'));
  });

  test("1.18.33's news of the copying is not passed on: the fork's session.created, its copies' messages and parts", async () => {
    const forks = new ReleaseForks();
    const v1 = (type: string, properties: Record<string, unknown>) => ({ directory: '/w', payload: { type, properties } });
    const created = v1('session.created', { info: { id: 'ses_fork', title: 'orig (fork #1)', time: { created: 5_000 } } });
    const copy = v1('message.updated', { info: { id: 'msg_c', sessionID: 'ses_fork', role: 'assistant', time: { created: 2_000 } } });
    const copyPart = v1('message.part.updated', { part: { id: 'prt_c', messageID: 'msg_c', sessionID: 'ses_fork' } });
    const own = v1('message.updated', { info: { id: 'msg_o', sessionID: 'ses_fork', role: 'user', time: { created: 6_000 } } });
    const other = v1('session.created', { info: { id: 'ses_new', title: 'A new one', time: { created: 5_500 } } });
    const kept: boolean[] = [];
    await forks.during(() => {
      kept.push(forks.keep(created), forks.keep(copy), forks.keep(copyPart), forks.keep(other));
      forks.record('ses_fork', FORK);
      return Promise.resolve();
    });
    // After the fork answered: a late event of its copying is known by the fork recorded.
    kept.push(forks.keep(created), forks.keep(copy), forks.keep(own));
    assert.deepEqual(kept, [false, false, false, true, false, false, true]);
  });

  test('a restarted adapter over the same 1.18.33 knows the forks it made', () => {
    const dir = mkdtempSync(join(tmpdir(), 'release-forks-'));
    try {
      const file = join(dir, 'release-forks.json');
      new ReleaseForks(file).record('ses_fork', FORK);
      assert.equal(new ReleaseForks(file).session(V1_RECORD).cost, 0.125);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
