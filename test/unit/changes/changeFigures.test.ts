// The Changes rows' figures: net line counts worked out in slices with a bound (checked against jsdiff), a cache
// that keeps only figures within its bytes, and the session's own edits told from changes made meanwhile.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createTwoFilesPatch, diffLines } from 'diff';
import { countLineChanges } from '../../../src/features/changes/lineCounts';
import { runNow, runSliced } from '../../../src/base/slices';
import { ByteLru } from '../../../src/features/changes/byteLru';
import { SessionChanges, type ChangesSource } from '../../../src/features/changes/sessionChanges';
import { composeChanges, figuresOf, netCounts } from '../../../src/features/changes/fileChanges';
import { turnsOf } from '../../../src/client/v1/turns';
import { parseFileDiff } from '../../../src/client/wire/fileDiff';
import { toolsByTurn } from '../../../src/client/v2/turns';
import { namedByOwnTools } from '../../../src/features/changes/attribution';
import type { SessionRecord } from '../../../src/store/sessionRecord';
import type { Turn } from '../../../src/store/turns';
import { repoRoot } from '../../harness/paths';

const fixtures = join(repoRoot(), 'test', 'fixtures');
const patch = (path: string, before: string, after: string) =>
  createTwoFilesPatch(path, path, before, after, '', '', { context: Number.MAX_SAFE_INTEGER });
const numbered = (n: number, change: (i: number) => string | undefined = () => undefined) =>
  Array.from({ length: n }, (_, i) => change(i + 1) ?? `line ${i + 1}`).join('\n') + '\n';
const split = (text: string) => text.split('\n').slice(0, -1);

function jsdiffCounts(a: string, b: string) {
  let additions = 0;
  let deletions = 0;
  for (const part of diffLines(a, b)) {
    if (part.added) additions += part.count ?? 0;
    else if (part.removed) deletions += part.count ?? 0;
  }
  return { additions, deletions };
}

describe('net line counts', () => {
  test('the same counts as a full diff (a shortest edit script), on many random pairs', () => {
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 300; round++) {
      const words = ['a', 'b', 'c', 'd', 'e', `u${round}`];
      const make = () => Array.from({ length: random(30) }, () => words[random(words.length)]).join('\n') + '\n';
      const [a, b] = [make(), make()];
      assert.deepEqual(runNow(countLineChanges(split(a), split(b), 1000)), jsdiffCounts(a, b), JSON.stringify([a, b]));
    }
  });

  test('a 20 000-line rewrite is counted in many small steps; past its bound it gives up', async () => {
    const before = split(numbered(20_000));
    const after = split(numbered(20_000, (i) => (i % 2 === 0 ? `new ${i}` : undefined)));
    let steps = 0;
    const counting = countLineChanges(before, after, 20_000);
    const counted = runNow(
      (function* () {
        const result = yield* counting;
        return result;
      })(),
    );
    assert.deepEqual(counted, { additions: 10_000, deletions: 10_000 });
    for (const it = countLineChanges(before, after, 20_000); !it.next().done;) steps++;
    assert.ok(steps > 10, `it yields as it goes (${steps} steps)`);
    // Lines shared but reordered: a long edit that the bound refuses rather than compute.
    const shuffled = [...before.slice(10_000), ...before.slice(0, 10_000)];
    assert.equal(runNow(countLineChanges(before, shuffled, 100)), undefined);
    assert.equal(await runSliced(countLineChanges(before, shuffled, 1_000_000), 0), undefined, 'nor past its time budget');
  });

  test('several turns: the net count once worked out, the turns’ counts summed until then', async () => {
    const v0 = numbered(50);
    const v1 = numbered(50, (i) => (i % 2 === 0 ? `one ${i}` : undefined));
    const v2 = numbered(50, (i) => (i % 5 === 0 ? `two ${i}` : i % 2 === 0 ? `one ${i}` : undefined));
    const turn = (messageID: string, created: number, before: string, after: string): Turn => {
      const counts = jsdiffCounts(before, after);
      return {
        sessionID: 's',
        messageID,
        created,
        files: [parseFileDiff({ file: 'f.txt', patch: patch('f.txt', before, after), ...counts })!],
      };
    };
    const turns = [turn('m1', 1, v0, v1), turn('m2', 2, v1, v2)];
    const [summed] = composeChanges(turns.map(figuresOf));
    assert.deepEqual([summed.additions, summed.deletions, summed.counted], [25 + 10, 25 + 10, 'summed']);
    const net = await netCounts(turns);
    const [file] = composeChanges(turns.map(figuresOf), (k) => net.get(k));
    assert.deepEqual([file.additions, file.deletions, file.counted], [30, 30, 'net'], 'as git counts v0 → v2');
    assert.deepEqual([file.additions, file.deletions], Object.values(jsdiffCounts(v0, v2)));
  });
});

describe('the Changes cache', () => {
  test('a byte-capped LRU: the least recently used go first, the total stays under the cap', () => {
    const lru = new ByteLru<string, number>(100);
    for (let i = 0; i < 10; i++) lru.set(`k${i}`, i, 30);
    assert.ok(lru.bytes <= 100, `${lru.bytes} bytes`);
    assert.deepEqual([lru.get('k9'), lru.get('k8'), lru.get('k7'), lru.get('k6')], [9, 8, 7, undefined]);
    lru.get('k7'); // now the most recent
    lru.set('k10', 10, 30);
    assert.equal(lru.get('k9'), undefined, 'the least recently used went');
    assert.deepEqual([lru.get('k7'), lru.get('k8'), lru.get('k10')], [7, 8, 10]);
    lru.set('huge', 0, 1000);
    assert.deepEqual([lru.size, lru.get('huge')], [1, 0], 'one value over the cap is kept alone');
  });

  test('100 sessions × 10 turns of a 2 000-line file: figures only, no patches kept', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const text = (s: number, t: number) => numbered(2000, (i) => (i === t + 1 ? `session ${s} turn ${t}` : undefined));
    const sessions = new Map<string, SessionRecord>();
    const record = (id: string) =>
      ({
        info: { id, time: { updated: 1 } },
        userMessages: new Map([['u', { created: 1, changedFiles: 1 }]]),
        status: { type: 'idle' },
        lastActivity: Date.now(),
      }) as unknown as SessionRecord;
    const source: ChangesSource = {
      label: 'test',
      sessions,
      api: {
        offers: () => true,
        // Each read builds fresh patches, as a server's answer would.
        sessionTurns: (info) =>
          Promise.resolve(
            Array.from({ length: 10 }, (_, t) => ({
              sessionID: info.id,
              messageID: `m${t}`,
              created: t,
              files: [
                parseFileDiff({
                  file: 'big.txt',
                  patch: patch('big.txt', text(Number(info.id), t), text(Number(info.id), t + 1)),
                  additions: 1,
                  deletions: 1,
                })!,
              ],
            })),
          ),
      },
    };
    const changes = new SessionChanges<ChangesSource>(() => {});
    const loaded = new Set<string>();
    changes.onDidLoad(({ sessionId }) => loaded.add(sessionId));
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let s = 0; s < 100; s++) sessions.set(String(s), record(String(s)));
    for (const r of sessions.values()) changes.figures(source, r);
    while (loaded.size < 100) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 50)); // the last net counts settle
    gc();
    const grown = process.memoryUsage().heapUsed - heapBefore;
    assert.ok(changes.figuresKept.bytes < 4_000_000, `${changes.figuresKept.bytes} bytes of figures`);
    assert.equal(changes.figures(source, sessions.get('5')!)?.turns.length, 10, 'every turn’s figures are there');
    // 1 000 patches of ~20 kB each would be 20 MB; the figures are a few hundred kB.
    assert.ok(grown < 5_000_000, `the heap grew ${(grown / 1e6).toFixed(1)} MB`);
  });
});

describe('the session’s own edits, and changes made meanwhile', () => {
  const tools = (files: string[], commands: string[] = [], delegated = false) => ({ files, commands, delegated });

  test('a file a tool named (absolute, or from the session’s folder) is its own; one no tool named is not', () => {
    assert.equal(namedByOwnTools('src/a.ts', tools(['/home/me/project/src/a.ts'])), true);
    assert.equal(namedByOwnTools('packages/x/a.ts', tools(['a.ts'])), true, 'from the session’s folder (packages/x)');
    assert.equal(namedByOwnTools('packages/x/a.ts', tools(['b.ts', 'xa.ts'])), false, 'another name');
    assert.equal(namedByOwnTools('.vscode/settings.json', tools(['/p/a.txt'])), false);
    assert.equal(namedByOwnTools('b.txt', tools([], ['printf hi > b.txt'])), true, 'a shell command that names it');
    assert.equal(namedByOwnTools('b.txt', tools([], ['cat ab.txt.bak'])), false, 'not inside a longer name');
    assert.equal(namedByOwnTools('x.txt', tools([], [], true)), true, 'handed to sub-agents: their edits are in the turn');
    assert.equal(namedByOwnTools('x.txt', undefined), true, 'unknown: as before, its own');
  });

  test('the same answers from the sets a turn’s tools are gathered into', () => {
    assert.equal(namedByOwnTools('b/c', tools(['/x/a/c'])), false, 'a shared last name is not the same path');
    assert.equal(namedByOwnTools('src/a.ts', tools(['./src/a.ts'])), true);
    assert.equal(namedByOwnTools('src/a.ts', tools(['C:\\p\\src\\a.ts'])), true, 'a Windows path');
    assert.equal(namedByOwnTools('sub/b.txt', tools([], ['rm -f /home/me/p/sub/b.txt && ls'])), true);
    assert.equal(namedByOwnTools('sub/b.txt', tools([], ['cp x.txt sub/b.txt.orig'])), false);
    assert.equal(namedByOwnTools('b.txt', tools([], ['git add "b.txt"; echo ok'])), true, 'quoted');
    assert.equal(namedByOwnTools('b.txt', tools([], ['mv a b.txt/'])), true, 'a slash after it');
    assert.equal(namedByOwnTools('my file.txt', tools([], ['cat "my file.txt"'])), true, 'a name with a space: scanned');
    assert.equal(namedByOwnTools('my file.txt', tools([], ['cat "my file.txt.bak"'])), false);
    assert.equal(namedByOwnTools('naïve.txt', tools([], ['touch naïve.txt'])), true, 'a non-ASCII name: scanned');
    // The same tools asked again (their sets are made once): the same answers.
    const shared = tools(['/p/src/a.ts'], ['touch docs/b.md']);
    for (let i = 0; i < 2; i++) {
      assert.equal(namedByOwnTools('src/a.ts', shared), true);
      assert.equal(namedByOwnTools('docs/b.md', shared), true);
      assert.equal(namedByOwnTools('docs/c.md', shared), false);
    }
  });

  test('OpenCode 1.18: tool parts of a turn’s replies (recorded bash part; write, edit, apply_patch shapes)', () => {
    // A bash tool part from a real 1.18.33 event stream.
    const recorded = readFileSync(join(fixtures, 'event-permission.sse'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('data:') && l.includes('"tool":"bash"') && l.includes('"command"'))
      .map((l) => JSON.parse(l.slice(5)) as { payload?: { properties: { part: unknown } }; properties?: { part: unknown } })
      .map((e) => (e.payload ?? e).properties!.part)
      .pop();
    assert.ok(recorded, 'the fixture holds a bash part');
    const diff = (file: string) => ({ file, patch: '', additions: 1, deletions: 0, status: 'added' });
    const messages = [
      {
        info: {
          id: 'msg_u1',
          role: 'user',
          time: { created: 1 },
          summary: { diffs: [diff('a.txt'), diff('hello'), diff('.vscode/settings.json')] },
        },
        parts: [],
      },
      {
        info: { id: 'msg_a1', role: 'assistant', parentID: 'msg_u1' },
        parts: [
          {
            type: 'tool',
            tool: 'write',
            state: { status: 'completed', input: { filePath: '/p/a.txt', content: 'x' }, metadata: { filepath: '/p/a.txt' } },
          },
          recorded,
          { type: 'tool', tool: 'read', state: { status: 'completed', input: { filePath: '/p/.vscode/settings.json' } } },
        ],
      },
      {
        info: { id: 'msg_u2', role: 'user', time: { created: 2 }, summary: { diffs: [diff('c.txt'), diff('d/e.txt'), diff('f.txt')] } },
        parts: [],
      },
      {
        info: { id: 'msg_a2', role: 'assistant', parentID: 'msg_u2' },
        parts: [
          {
            type: 'tool',
            tool: 'edit',
            state: {
              status: 'completed',
              input: { filePath: '/p/c.txt', oldString: 'a', newString: 'b' },
              metadata: { filediff: { file: '/p/c.txt' } },
            },
          },
          {
            type: 'tool',
            tool: 'apply_patch',
            state: { status: 'completed', input: { patchText: '*** Begin Patch\n*** Add File: d/e.txt\n+x\n*** End Patch' } },
          },
        ],
      },
    ];
    const turns = turnsOf('ses', messages);
    const own = (t: Turn) => composeChanges([figuresOf(t)]).map((f) => [f.path, f.own]);
    // The recorded command is `echo hello`: it names a file called hello, not the others.
    assert.deepEqual(own(turns[0]), [
      ['.vscode/settings.json', false],
      ['a.txt', true],
      ['hello', true],
    ]);
    assert.deepEqual(own(turns[1]), [
      ['c.txt', true],
      ['d/e.txt', true],
      ['f.txt', false],
    ]);
    assert.equal(
      turnsOf(
        'ses',
        messages.map((m) => ({ info: m.info })),
      )[0].tools,
      undefined,
      'no parts: nothing can be told',
    );
  });

  test('OpenCode 2: tool content and shell messages of a recorded message list, by turn', () => {
    const answer = JSON.parse(readFileSync(join(fixtures, 'opencode2', 'messages-all.json'), 'utf8')) as { data: unknown[] };
    const byTurn = toolsByTurn(answer.data);
    const all = [...byTurn.values()];
    assert.ok(
      all.some((t) => t.commands.includes('echo hello')),
      'the user’s shell command',
    );
    assert.ok(
      all.some((t) => t.delegated),
      'the subagent tool',
    );
    assert.ok(
      all.every((t) => t.files.length === 0),
      'no file tool ran in that session',
    );
  });
});
