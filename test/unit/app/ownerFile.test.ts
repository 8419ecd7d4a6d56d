// One window acts for all (src/base/node/ownerFile.ts): the first holder keeps the file while its process runs, another
// holder (another window, or another part of this process) does not act; a holder whose process is gone, or whose
// pid now names a process started at another time, is taken over by one claimant; letting go frees it at once.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { OwnerFile } from '../../../src/base/node/ownerFile';
import { bootId, startOf } from '../../../src/base/node/processClaim';

const root = mkdtempSync(join(tmpdir(), 'owner-file-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const folder = () => join(root, `f${++n}`);

/** The pid of a process that ran and ended. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(run.stdout);
}

describe('OwnerFile', () => {
  test('the first holder acts; a second one does not while the first holds; letting go hands it on', () => {
    const dir = folder();
    const first = new OwnerFile(dir, 'owner');
    const second = new OwnerFile(dir, 'owner');
    assert.equal(first.isMine(), true);
    assert.equal(second.isMine(), false);
    assert.equal(first.isMine(), true, 'still its own');
    const holder = JSON.parse(readFileSync(join(dir, 'owner'), 'utf8')) as { pid: number; started?: number; token: string };
    assert.equal(holder.pid, process.pid);
    assert.equal(holder.started, startOf(process.pid).started, "the process's start, where the system tells it");
    first.release();
    assert.equal(second.isMine(Date.now() + 2_000), true, 'looked again after its interval: free');
    assert.equal(first.isMine(Date.now() + 4_000), false);
  });

  test('a holder whose process is gone is taken over, by one claimant', () => {
    const dir = folder();
    const first = new OwnerFile(dir, 'owner');
    assert.equal(first.isMine(), true);
    first.release();
    writeFileSync(join(dir, 'owner'), JSON.stringify({ pid: deadPid(), token: 'crashed' }));
    const a = new OwnerFile(dir, 'owner');
    const b = new OwnerFile(dir, 'owner');
    assert.equal(a.isMine(), true);
    assert.equal(b.isMine(), false);
  });

  test('a pid now naming a process started at another time is no claim', { skip: startOf(process.pid).started === undefined }, () => {
    const dir = folder();
    new OwnerFile(dir, 'other').isMine();
    // The parent's pid with another start time: what a holder that ended leaves once its pid is reused.
    writeFileSync(join(dir, 'owner'), JSON.stringify({ pid: process.ppid, started: 1, token: 'earlier' }));
    assert.equal(new OwnerFile(dir, 'owner').isMine(), true);
  });

  test(
    "this process's own claim made by another copy of the module keeps it; this pid with another start is a leftover",
    { skip: startOf(process.pid).started === undefined },
    () => {
      const dir = folder();
      new OwnerFile(dir, 'other').isMine();
      // A token this copy never made, of this very process (a second window's parts in one host bundle the module again).
      writeFileSync(join(dir, 'owner'), JSON.stringify({ pid: process.pid, ...startOf(process.pid), token: 'other-copy' }));
      assert.equal(new OwnerFile(dir, 'owner').isMine(), false, 'this process holds it');
      // The same pid started at another time: an earlier process that had this pid.
      writeFileSync(join(dir, 'owner'), JSON.stringify({ pid: process.pid, started: 1, token: 'earlier' }));
      assert.equal(new OwnerFile(dir, 'owner').isMine(), true);
    },
  );

  test('a file naming no real process (pid 0, -1, a fraction) is a leftover, not a claim held for ever', () => {
    // process.kill(0 or -1, 0) signals a group or every process and succeeds: such a pid read as running held it.
    for (const pid of [0, -1, 1.5]) {
      const dir = folder();
      new OwnerFile(dir, 'other').isMine();
      writeFileSync(join(dir, 'owner'), JSON.stringify({ pid, token: 'damaged' }));
      utimesSync(join(dir, 'owner'), new Date(0), new Date(0));
      assert.equal(new OwnerFile(dir, 'owner').isMine(), true, `pid ${pid}`);
    }
  });

  test('a holder of another running process keeps it; a file being written (unreadable, recent) is no free file', () => {
    const dir = folder();
    new OwnerFile(dir, 'other').isMine();
    writeFileSync(join(dir, 'owner'), JSON.stringify({ pid: process.ppid, ...startOf(process.ppid), token: 'parent' }));
    assert.equal(new OwnerFile(dir, 'owner').isMine(), false, 'its parent runs');
    writeFileSync(join(dir, 'owner'), '{"pid": 12');
    assert.equal(new OwnerFile(dir, 'owner').isMine(), false, 'half written, just now');
  });
  test(
    'a claim of this pid and start made in another boot is a leftover (a container boots alike); of this boot it holds',
    { skip: startOf(process.pid).started === undefined || bootId() === undefined },
    () => {
      const dir = folder();
      new OwnerFile(dir, 'other').isMine();
      const same = { pid: process.pid, ...startOf(process.pid), token: 'other-copy' };
      writeFileSync(join(dir, 'owner'), JSON.stringify({ ...same, boot: bootId() }));
      assert.equal(new OwnerFile(dir, 'owner').isMine(), false, 'this boot: this process holds it');
      writeFileSync(join(dir, 'owner'), JSON.stringify({ ...same, boot: 'an-earlier-boot' }));
      assert.equal(new OwnerFile(dir, 'owner').isMine(), true, 'another boot: taken over');
      const written = JSON.parse(readFileSync(join(dir, 'owner'), 'utf8')) as { boot?: string };
      assert.equal(written.boot, bootId(), 'the claim records its boot');
    },
  );
});
