// The older 2-line build's writes (no diff of their own): 200 rewrites of a 2 000-line file in one session are
// counted as git counts them, once per call across reads, in slices that keep the thread's worst stall under 50 ms
// of its own work (measured as the 20 000-line case measures it: test/harness/stallWatch.ts); the patch is built
// only when asked for.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { turnsFromTools } from '../../../../src/client/v2/turns';
import { WriteChange, WriteCounts } from '../../../../src/client/v2/writes';
import { watchStalls } from '../../../harness/stallWatch';

const dir = mkdtempSync(join(tmpdir(), 'ocs-writes-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** git's own count of a change: `git diff --no-index --numstat`. */
function gitCounts(before: string, after: string): [number, number] {
  writeFileSync(join(dir, 'a'), before);
  writeFileSync(join(dir, 'b'), after);
  let out: string;
  try {
    out = execFileSync('git', ['diff', '--no-index', '--numstat', 'a', 'b'], { cwd: dir, encoding: 'utf8' });
  } catch (err) {
    // Exit 1 is "they differ".
    out = String((err as { stdout?: string }).stdout ?? '');
  }
  const [added, removed] = out.trim().split(/\s+/).map(Number);
  return [added || 0, removed || 0];
}

/** A session whose every turn rewrites one 2 000-line file, changing a few lines each time (deterministic). */
function rewrites(count: number): { messages: unknown[]; texts: string[] } {
  let lines = Array.from({ length: 2_000 }, (_, i) => `line ${i} of a configuration file`);
  const texts = [lines.join('\n') + '\n'];
  const messages: unknown[] = [];
  const tool = (i: number, said: string, content: string) => ({
    type: 'assistant',
    id: `msg_a${i}`,
    time: { created: 2 * i + 1 },
    content: [
      {
        type: 'tool',
        id: `call_${i}`,
        name: 'write',
        state: { status: 'completed', input: { content }, content: [{ type: 'text', text: said }] },
      },
    ],
  });
  messages.push({ type: 'user', id: 'msg_u0', time: { created: 0 } }, tool(0, 'Created file successfully: cfg.txt', texts[0]));
  for (let i = 1; i <= count; i++) {
    lines = lines.map((l, at) => ((at * 7 + i * 13) % 400 === 0 ? `${l} (edit ${i})` : l));
    if (i % 3 === 0) lines.splice((i * 37) % lines.length, 1);
    texts.push(lines.join('\n') + '\n');
    messages.push({ type: 'user', id: `msg_u${i}`, time: { created: 2 * i } }, tool(i, 'Wrote file successfully: cfg.txt', texts[i]));
  }
  return { messages, texts };
}

describe('the older build’s writes', () => {
  const { messages, texts } = rewrites(200);

  test('200 rewrites of a 2 000-line file: counts equal git’s, the worst stall under 50 ms, each call diffed once', async () => {
    const writes = new WriteCounts();
    const watch = watchStalls();
    const turns = await turnsFromTools('ses_w', messages, writes);
    const first = watch.stop();
    assert.equal(turns.length, 201);
    for (let i = 1; i <= 200; i++) {
      const [file] = turns[i].files;
      assert.deepEqual([file.additions, file.deletions], gitCounts(texts[i - 1], texts[i]), `rewrite ${i}`);
    }
    console.log(`first read: worst gap ${first.worstGap.toFixed(1)} ms (${first.cpu} own work ${first.worstBusy.toFixed(1)} ms)`);
    assert.ok(first.worstBusy < 50, `own work within the worst event-loop gap: ${first.worstBusy.toFixed(1)} ms`);
    assert.equal(writes.diffed, 201);
    // Every later read of the same turns: no write diffed again.
    const again = watchStalls();
    await turnsFromTools('ses_w', messages, writes);
    const second = again.stop();
    assert.equal(writes.diffed, 201);
    assert.ok(second.worstBusy < 50, `second read: ${second.worstBusy.toFixed(1)} ms`);
  });

  test('the patch is built only when asked for: the whole file before and after', async () => {
    const turns = await turnsFromTools('ses_p', messages.slice(0, 4), new WriteCounts());
    const change = turns[1].files[0];
    assert.ok(change instanceof WriteChange);
    assert.equal(change.complete, true);
    assert.equal(change.binary, false);
    assert.equal(change.patchLength, texts[0].length + texts[1].length, 'weighed without building it');
    assert.ok(change.patch.startsWith('--- a/cfg.txt\n+++ b/cfg.txt\n@@ -1,2000 +1,2000 @@\n-line 0'));
  });

  test('bounded: a session keeps the counts of its newest 5 000 calls', async () => {
    const writes = new WriteCounts();
    for (let i = 0; i < 5_010; i++) await writes.change('ses_b', `k${i}`, 'f', '', 'x\n');
    await writes.change('ses_b', 'k0', 'f', '', 'x\n');
    assert.equal(writes.diffed, 5_011, 'the oldest was dropped and is counted again');
  });
});
