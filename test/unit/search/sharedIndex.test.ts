// One content index per user and server, shared by every window: against a real 1.18.33 server (through a proxy
// that counts its requests), a second indexer on the same folder (another window) asks the first's engine over its
// local socket and reads no message page; when the first is disposed, the second takes the folder over from what was
// saved, reads no unchanged session again, and indexes what moves after. The socket lets in only the token's
// holder, and a garbage or oversized frame ends the connection without hanging it.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ServerConnection } from '../../../src/client/serverConnection';
import { V1Api } from '../../../src/client/v1/api';
import type { EngineHit } from '../../../src/features/search/common/engine/protocol';
import {
  HELLO_MS,
  REQUEST_CAP,
  SERVE_FILE,
  nonce,
  proofMatches,
  proofOf,
  type ServeInfo,
} from '../../../src/features/search/node/engine/indexServer';
import { RemoteEngine } from '../../../src/features/search/node/engine/remoteEngine';
import { ServerIndexer } from '../../../src/features/search/node/serverIndexer';
import { SessionStore } from '../../../src/store/sessionStore';
import { FaultProxy } from '../../harness/faultProxy';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { engineScript } from '../../harness/paths';
import { createSession, prompt } from '../../harness/scenario';
import { text, toolCall } from '../../harness/scriptedModel';
import { waitFor } from '../../harness/waitFor';
import { connectionOf } from './listedConnection';

const root = mkdtempSync(join(tmpdir(), 'ocs-shared-index-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** The listing read again (what a window's live connection holds once the server moved). */
async function relist(connection: ServerConnection, only: readonly string[]): Promise<void> {
  const api = connection.api as V1Api;
  (connection.sessions as SessionStore).loadSnapshot((await api.listSessions({})).sessions.filter((s) => only.includes(s.id)));
}

async function settled(indexer: ServerIndexer): Promise<void> {
  await waitFor(
    'indexing settled',
    () => indexer.progress(),
    (p) => !p.running,
  );
}

/** Message pages the server was asked for, across every session. */
const pagesAsked = (proxy: FaultProxy) =>
  [...proxy.seen].filter(([path]) => /\/session\/[^/]+\/message$/.test(path)).reduce((n, [, c]) => n + c, 0);

/** Hits as the pick shows them: a score weighs recency at the moment asked, so two asks differ in its last digits. */
const unscored = (hits: EngineHit[]) => hits.map(({ score: _score, ...hit }) => hit);

/** What the owner answers a raw connection that says `lines`, up to its closing. */
async function rawExchange(address: string, send: (socket: Socket) => void): Promise<string> {
  const socket = connect(address);
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.once('connect', () => send(socket));
  await closed;
  return received;
}

/**
 * A window's side of the handshake with `token`, then `after` once let in (or at once when refused): what the owner
 * sent after its proof, and whether its proof was the token's.
 */
async function asWindow(
  address: string,
  token: string,
  after: (socket: Socket) => void,
): Promise<{ received: string; ownerProved: boolean }> {
  const ours = nonce();
  let ownerProved = false;
  let answered = false;
  let lines = '';
  let received = '';
  const socket = connect(address);
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    if (answered) {
      received += chunk.toString('utf8');
      return;
    }
    lines += chunk.toString('utf8');
    const newline = lines.indexOf('\n');
    if (newline < 0) return;
    answered = true;
    const owner = JSON.parse(lines.slice(0, newline)) as { proof?: string; nonce?: string };
    received = lines.slice(newline + 1);
    ownerProved = proofMatches(owner.proof, serveToken, 'owner', ours);
    socket.write(`${JSON.stringify({ proof: proofOf(token, 'window', String(owner.nonce)) })}\n`);
    after(socket);
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.once('connect', () => socket.write(`${JSON.stringify({ nonce: ours })}\n`));
  await closed;
  return { received, ownerProved };
}
/** The owner's token, as serve.json says (set by the test that reads it). */
let serveToken = '';

describe("a window asks only its owner's socket", () => {
  test('a socket in a folder open to others, or one that cannot prove the token, is told nothing', async () => {
    const folder = mkdtempSync(join(root, 'impostor-'));
    const token = 'b'.repeat(64);
    const told: string[] = [];
    const impostor = createServer((socket) => {
      socket.on('data', (chunk: Buffer) => {
        told.push(chunk.toString('utf8'));
        // It cannot prove the token: it answers with a guess.
        socket.write(`${JSON.stringify({ proof: 'c'.repeat(64), nonce: nonce() })}\n`);
      });
      socket.on('error', () => undefined);
    });
    const home = mkdtempSync(join(root, 'sock-'));
    const address = join(home, 's.sock');
    await new Promise<void>((resolve) => impostor.listen(address, resolve));
    writeFileSync(join(folder, SERVE_FILE), JSON.stringify({ address, token, pid: process.pid }), { mode: 0o600 });
    try {
      assert.equal(await RemoteEngine.connect(folder), undefined, 'an owner that does not prove the token is not asked');
      assert.equal(told.length, 1, 'told only its nonce');
      assert.deepEqual(Object.keys(JSON.parse(told[0]) as object), ['nonce'], 'no token, no query');

      if (process.platform !== 'win32') {
        chmodSync(home, 0o755);
        const logs: string[] = [];
        assert.equal(await RemoteEngine.connect(folder, { log: (m) => logs.push(m) }), undefined);
        assert.equal(told.length, 1, 'a socket whose folder others may enter is not even connected to');
        assert.match(logs.join('\n'), /not this user’s alone/);
      }
    } finally {
      await new Promise((resolve) => impostor.close(resolve));
    }
  });
});

describe('one search index per user and server, shared by every window', () => {
  let h: RunningHarness;
  let proxy: FaultProxy;
  const ids: string[] = [];

  before(async () => {
    h = await startHarness();
    proxy = await new FaultProxy(h.server.url).start();
    for (let i = 0; i < 3; i++) {
      const session = await createSession(h, { title: `Shared ${i}` });
      await prompt(h, session.id, `numbat${i} where is the retry policy`, [text(`The retry policy is in policy${i}.ts.`)]);
      ids.push(session.id);
    }
  });
  after(async () => {
    await proxy?.stop();
    await h?.dispose();
  });

  test("a second window asks the first's index and reads no page; the first closing, it takes over from the saved index", async () => {
    const folder = join(root, 'server');
    const logs: string[] = [];
    const options = { folder, engineScript: engineScript(), maxBytes: () => 1e9, pace: 0, log: (m: string) => logs.push(m) };
    const first = new ServerIndexer(await connectionOf(proxy.url, ids), options);
    await first.ready();
    await first.sync();
    await settled(first);
    assert.ok(first.onDisk && !first.following, 'the first window keeps the index');
    assert.equal(first.index.sessionCount, 3);
    const serve = JSON.parse(readFileSync(join(folder, SERVE_FILE), 'utf8')) as ServeInfo;
    assert.equal(statSync(join(folder, SERVE_FILE)).mode & 0o777, 0o600, 'where it listens, and its token: for the user only');
    if (process.platform !== 'win32')
      assert.equal(statSync(dirname(serve.address)).mode & 0o777, 0o700, 'its socket: in a folder for the user only');

    const pagesBefore = pagesAsked(proxy);
    const secondConnection = await connectionOf(proxy.url, ids);
    const second = new ServerIndexer(secondConnection, options);
    await second.ready();
    await second.sync();
    assert.ok(second.following && !second.onDisk, 'the second window asks the first');
    assert.equal(second.engine.thread, 'shared');
    const query = { text: 'numbat1' };
    const theirs = unscored(await first.search(query));
    assert.equal(theirs.length, 1, 'the first finds the session');
    assert.deepEqual(unscored(await second.search(query)), theirs, 'the same query, the same hits, in both windows');
    assert.deepEqual(
      unscored(await second.search({ text: 'retry policy', limit: 2 })),
      unscored(await first.search({ text: 'retry policy', limit: 2 })),
    );
    assert.equal(pagesAsked(proxy), pagesBefore, 'the second window read no message page');
    assert.deepEqual([...second.readSessions], []);
    assert.ok(
      logs.some((m) => m.includes('this one asks it, and reads no session itself')),
      logs.join(' | '),
    );

    // The first window closes: it saves, lets the second go, and lets go of the folder.
    await first.dispose();
    await waitFor(
      'the second window keeps the folder',
      () => second.onDisk,
      (onDisk) => onDisk,
    );
    await second.ready();
    await settled(second);
    assert.ok(!second.following);
    assert.equal(second.engine.thread, 'worker');
    assert.equal(second.index.sessionCount, 3, 'loaded from what the first saved');
    assert.deepEqual([...second.readSessions], [], 'no unchanged session read again');
    assert.equal(pagesAsked(proxy), pagesBefore, 'no message page read taking over');
    assert.deepEqual(unscored(await second.search(query)), theirs);

    // A new tool output, after the takeover: read (that session only) and searchable.
    await prompt(h, ids[2], 'reverse it', [toolCall('bash', { command: 'echo tabmow | rev', description: 'Reverse' }), text('Reversed.')]);
    await relist(secondConnection, ids);
    await second.sync();
    await settled(second);
    assert.deepEqual([...second.readSessions], [ids[2]], 'only the session that moved is read');
    const found = await second.search({ text: 'wombat' });
    assert.equal(found[0]?.session.id, ids[2], 'the new tool output is searchable');
    await second.dispose();
  });

  test("a reloaded window's listing, come while the saved index still loads, reads only the session that moved", async () => {
    const folder = join(root, 'reload');
    const options = { folder, engineScript: engineScript(), maxBytes: () => 1e9, pace: 0 };
    const old = new ServerIndexer(await connectionOf(proxy.url, ids), options);
    await old.ready();
    await old.sync();
    await settled(old);
    await old.dispose();

    // One session moves while the window reloads; the new extension host's index waits for the old host to let go
    // (`after`), and its connection lists every session meanwhile, as a snapshot of a few.
    const moved = ids[1];
    await prompt(h, moved, 'and the quokka policy?', [text('In quokka.ts.')]);
    let letGo!: () => void;
    const after = new Promise<void>((resolve) => (letGo = resolve));
    const pagesOf = (id: string) => proxy.seen.get(`/session/${id}/message`) ?? 0;
    const before = ids.map(pagesOf);
    const reloaded = new ServerIndexer(await connectionOf(proxy.url, ids), { ...options, after });
    reloaded.handle({ changed: new Set(ids), structure: new Set(), removed: new Set(), requests: false });
    letGo();
    // The listing is compared with the saved index once loaded: the moved session is read (a change held back is
    // not lost), and read alone (an unchanged one is not new).
    await waitFor(
      'the moved session read',
      () => [...reloaded.readSessions],
      (read) => read.includes(moved),
    );
    await waitFor(
      'its new turn searchable',
      async () => (await reloaded.search({ text: 'quokka' })).map((hit) => hit.session.id),
      (found) => found.includes(moved),
    );
    assert.equal(reloaded.index.sessionCount, 3, 'loaded from what the old host saved');
    assert.deepEqual([...reloaded.readSessions], [moved], 'no unchanged session read again');
    assert.deepEqual(
      ids.map((id, i) => pagesOf(id) > before[i]),
      ids.map((id) => id === moved),
      'message pages read of the moved session only',
    );
    await reloaded.dispose();
  });

  test('the socket refuses a wrong token, a garbage frame and an oversized one, and ends each connection', async () => {
    const folder = join(root, 'refusals');
    const owner = new ServerIndexer(await connectionOf(proxy.url, ids), {
      folder,
      engineScript: engineScript(),
      maxBytes: () => 1e9,
      pace: 0,
    });
    await owner.ready();
    await owner.sync();
    await settled(owner);
    await waitFor(
      'the owner serves its index',
      () => {
        try {
          return JSON.parse(readFileSync(join(folder, SERVE_FILE), 'utf8')) as ServeInfo;
        } catch {
          return undefined;
        }
      },
      (info) => info !== undefined,
    );
    const serve = JSON.parse(readFileSync(join(folder, SERVE_FILE), 'utf8')) as ServeInfo;
    serveToken = serve.token;
    const search = `${JSON.stringify({ id: 1, op: 'search', args: { query: { text: 'numbat1' } } })}\n`;

    const wrong = await asWindow(serve.address, 'a'.repeat(64), (s) => s.write(search));
    assert.ok(wrong.ownerProved, 'the owner proves itself first, whoever asks');
    assert.equal(wrong.received, `${JSON.stringify({ refused: 'wrong token' })}\n`, 'a wrong token: refused, nothing answered');

    const garbage = await rawExchange(serve.address, (s) => s.write('{"nonce": [not json\n'));
    assert.match(garbage, /"refused":"no nonce"/);

    const oversized = await rawExchange(serve.address, (s) => s.write(Buffer.alloc(REQUEST_CAP + 1, 0x61)));
    assert.match(oversized, /"refused":"a frame longer than 65536 bytes"/, 'a frame that never ends: refused at its cap');

    const write = await asWindow(serve.address, serve.token, (s) =>
      s.write(`${JSON.stringify({ id: 2, op: 'drop', args: { sessionId: ids[0] } })}\n`),
    );
    assert.match(write.received, /^\{"hello":1,"pid":\d+\}\n\{"refused":"not a request"\}\n$/, 'the right token, but a change: refused');

    const asked = await asWindow(serve.address, serve.token, (s) => {
      s.write(search);
      s.on('data', (chunk: Buffer) => chunk.toString('utf8').includes('"ok":true') && s.end());
    });
    assert.match(asked.received, /"hits":1/, 'the right token and a search: answered');

    const idle = await rawExchange(serve.address, () => undefined);
    assert.match(idle, /"refused":"no proof in time"/, `a connection that proves nothing is let go after ${HELLO_MS} ms`);

    await owner.dispose();
    assert.throws(() => statSync(join(folder, SERVE_FILE)), 'serve.json removed once the owner stops serving');
  });
});
