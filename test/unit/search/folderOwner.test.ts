// One indexer keeps a server's index folder: a second (another window, or another indexer of this process) finds
// it held while its holder's process runs, waits a while (a reloaded window's old host lets go) and then asks the
// holder's index (sharedIndex.test.ts), or keeps its own in memory where the holder does not serve it; a holder whose process is gone, or an unreadable owner file left long ago, is taken over;
// letting go removes only this holder's claim.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { ProcessClaim, startOf } from '../../../src/base/node/processClaim';
import { ServerIndexer } from '../../../src/features/search/node/serverIndexer';
import { engineScript } from '../../harness/paths';

const root = mkdtempSync(join(tmpdir(), 'ocs-folder-owner-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const newFolder = () => join(root, `f${n++}`);
const ownerPid = (folder: string) => (JSON.parse(readFileSync(join(folder, 'owner'), 'utf8')) as { pid: number }).pid;

/** Another process, running until it is killed. */
async function otherProcess(): Promise<{ pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    pid: child.pid!,
    stop: async () => {
      child.kill();
      await exited;
    },
  };
}

describe('ProcessClaim on a search index folder', () => {
  test('a held folder is not claimed again in this process; once let go, it is', () => {
    const folder = newFolder();
    const first = ProcessClaim.claim(folder, 'owner');
    assert.ok(first, 'the first claim holds it');
    assert.equal(ProcessClaim.claim(folder, 'owner'), undefined, 'a second indexer of this process does not');
    first.release();
    assert.equal(existsSync(join(folder, 'owner')), false);
    const again = ProcessClaim.claim(folder, 'owner');
    assert.ok(again, 'claimed again once let go');
    again.release();
  });

  test("another process's claim holds while it runs, and is taken over once it is gone", async () => {
    const folder = newFolder();
    mkdirSync(folder, { recursive: true });
    const other = await otherProcess();
    writeFileSync(join(folder, 'owner'), JSON.stringify({ pid: other.pid, token: 'other-window' }));
    assert.equal(ProcessClaim.claim(folder, 'owner'), undefined, 'held by a running window');
    await other.stop();
    const taken = ProcessClaim.claim(folder, 'owner');
    assert.ok(taken, 'taken over from a window that is gone');
    assert.equal(ownerPid(folder), process.pid);
    taken.release();
  });

  test('a claim naming a running pid that started later than its owner did (a reused pid) is taken over', async (t) => {
    const other = await otherProcess();
    t.after(() => other.stop());
    const start = startOf(other.pid).started;
    if (start === undefined) return t.skip('no /proc here: a running pid holds');
    const folder = newFolder();
    mkdirSync(folder, { recursive: true });
    // As an earlier version wrote it: the start as a string.
    writeFileSync(join(folder, 'owner'), JSON.stringify({ pid: other.pid, token: 'other-window', start: String(start) }));
    assert.equal(ProcessClaim.claim(folder, 'owner'), undefined, 'the owner itself still runs: held');
    writeFileSync(join(folder, 'owner'), JSON.stringify({ pid: other.pid, token: 'gone-window', started: start - 1 }));
    const taken = ProcessClaim.claim(folder, 'owner');
    assert.ok(taken, "the pid is another process's now: taken over");
    const written = JSON.parse(readFileSync(join(folder, 'owner'), 'utf8')) as { pid: number; started?: number };
    assert.equal(written.started, startOf(process.pid).started, 'the claim records when this process started');
    assert.equal(statSync(join(folder, 'owner')).mode & 0o777, 0o600);
    taken.release();
  });

  test('an unreadable owner file holds while it may still be written, and is taken over once old', () => {
    const folder = newFolder();
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'owner');
    writeFileSync(file, '');
    assert.equal(ProcessClaim.claim(folder, 'owner'), undefined, 'a claim being written');
    const old = new Date(Date.now() - 5 * 60_000);
    utimesSync(file, old, old);
    const taken = ProcessClaim.claim(folder, 'owner');
    assert.ok(taken, 'a leftover is taken over');
    assert.equal(ownerPid(folder), process.pid);
    taken.release();
  });

  test("a claim naming this process's pid but none of its tokens is an earlier process's leftover: taken over", () => {
    const folder = newFolder();
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'owner'), JSON.stringify({ pid: process.pid, token: 'before-a-restart' }));
    const taken = ProcessClaim.claim(folder, 'owner');
    assert.ok(taken, 'taken over');
    assert.equal(ProcessClaim.claim(folder, 'owner'), undefined, 'and then held');
    taken.release();
  });

  test('a takeover under way holds the folder; a takeover file left long ago is cleared for the next claim', () => {
    const folder = newFolder();
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'owner'), JSON.stringify({ pid: process.pid, token: 'before-a-restart' }));
    const takeover = join(folder, 'owner.takeover');
    writeFileSync(takeover, '12345');
    assert.equal(ProcessClaim.claim(folder, 'owner'), undefined, 'another window is taking it over');
    assert.equal(existsSync(takeover), true, 'its takeover is left alone');
    const old = new Date(Date.now() - 5 * 60_000);
    utimesSync(takeover, old, old);
    assert.equal(ProcessClaim.claim(folder, 'owner'), undefined, 'this claim clears the leftover');
    assert.equal(existsSync(takeover), false);
    const taken = ProcessClaim.claim(folder, 'owner');
    assert.ok(taken, 'the next claim takes over');
    assert.equal(existsSync(takeover), false, 'and removes its own takeover file');
    taken.release();
  });

  test('letting go leaves a claim that is no longer this holder’s', () => {
    const folder = newFolder();
    const mine = ProcessClaim.claim(folder, 'owner');
    assert.ok(mine);
    const theirs = JSON.stringify({ pid: process.pid + 1, token: 'took-it-over' });
    writeFileSync(join(folder, 'owner'), theirs);
    mine.release();
    assert.equal(readFileSync(join(folder, 'owner'), 'utf8'), theirs);
  });
});

describe('ServerIndexer on a folder another indexer holds', () => {
  // Only the label is read before a sync: no server is asked anything here.
  const connection = { label: 'local' } as unknown as ServerConnection;

  test('a holder that does not serve it (an older version): keeps its index in memory and says so, writing nothing there', async () => {
    const folder = newFolder();
    const logs: string[] = [];
    const options = { folder, engineScript: engineScript(), maxBytes: () => 1e9, log: (m: string) => logs.push(m) };
    const holder = ProcessClaim.claim(folder, 'owner');
    assert.ok(holder);
    const second = new ServerIndexer(connection, { ...options, claimWaitMs: 0 });
    await second.ready();
    assert.ok(!second.onDisk && !second.following, "the second's index is in memory");
    assert.deepEqual(logs, [
      "local: another VS Code window (or connection) keeps this server's search index and does not share it; this one keeps its own in memory.",
    ]);
    // What it indexes and then forgets (a session deleted) is saved nowhere: the folder is the holder's.
    const meta = { id: 'ses_a', title: 'A', directory: '/w', updated: 1 };
    await second.addMessages(meta, [
      { id: 'msg_a', sessionID: 'ses_a', role: 'user', created: 1, parts: [{ kind: 'text', id: 'prt_a', text: 'retry policy' }] },
    ]);
    second.handle({ changed: new Set(), structure: new Set(), removed: new Set(['ses_a']), requests: false });
    await second.dispose();
    assert.deepEqual(readdirSync(folder).sort(), ['owner'], 'no index file nor texts: the second wrote nothing');
    assert.equal(existsSync(join(folder, 'owner')), true, 'the second did not let go of what it never held');
    holder.release();
  });

  test('a folder let go while it waits (a reloaded window) is claimed: its texts on disk', async () => {
    const folder = newFolder();
    const options = { folder, engineScript: engineScript(), maxBytes: () => 1e9 };
    const holder = new ServerIndexer(connection, options);
    await holder.ready();
    const next = new ServerIndexer(connection, { ...options, claimWaitMs: 60_000 });
    await holder.dispose();
    await next.ready();
    assert.ok(next.onDisk, 'claimed once the old one let go');
    await next.dispose();
  });

  test('disposed while it waits for the folder: gives up at once, saying nothing', async () => {
    const folder = newFolder();
    const logs: string[] = [];
    const options = { folder, engineScript: engineScript(), maxBytes: () => 1e9, log: (m: string) => logs.push(m) };
    const holder = new ServerIndexer(connection, options);
    await holder.ready();
    const waiting = new ServerIndexer(connection, { ...options, claimWaitMs: 600_000 });
    await waiting.dispose();
    assert.ok(!waiting.onDisk);
    assert.deepEqual(logs, []);
    await holder.dispose();
  });

  test('disposed before it asks for the folder (the indexer before it still saving): never claims it', async () => {
    const folder = newFolder();
    let saved!: () => void;
    const after = new Promise<void>((resolve) => (saved = resolve));
    const late = new ServerIndexer(connection, { folder, after, engineScript: engineScript(), maxBytes: () => 1e9 });
    const disposed = late.dispose();
    saved();
    await disposed;
    assert.ok(!late.onDisk, 'it never took the folder');
    assert.equal(existsSync(join(folder, 'owner')), false);
  });
});
