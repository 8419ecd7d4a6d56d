// The shared search index's readers (../registry.ts): what a window that follows reads of the owner's answers
// (RemoteEngine over LineFrames, on the extension host's thread), and what the owner reads of other windows'
// requests (IndexServer, in the engine's worker). Each end is real: a loopback socket of the system, a folder with
// serve.json, and at the other end a raw socket that sends the shape's bytes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { IndexServer, SERVE_FILE, nonce, proofMatches, proofOf, socketAddress } from '../../../src/features/search/node/engine/indexServer';
import { EngineStoppedError } from '../../../src/features/search/common/engine/engineProxy';
import { RemoteEngine } from '../../../src/features/search/node/engine/remoteEngine';
import type { EngineHit } from '../../../src/features/search/common/engine/protocol';
import { reader, type Reader } from '../reader';

const TOKEN = 'scale-token';

/** A hit of the engine's shape whose entry says `text`. */
function hitOf(id: number, text: string): EngineHit {
  return {
    session: { id: `ses_${id}`, title: 't', directory: '/w', updated: 1 },
    entry: { part: `prt_${id}`, kind: 2, text },
    snippet: text.slice(0, 160),
    ranges: [[0, 4]],
    time: 1,
    score: 1,
  };
}

interface OwnerStandIn {
  folder: string;
  address: string;
  server: Server;
  /** What the stand-in answers the next search with (after its hello). */
  answer: Buffer;
}

/**
 * An owner of its own: proves itself to the window (an HMAC of its nonce), lets it in once it proved itself, then
 * answers any request with `answer` as it is.
 */
async function ownerStandIn(): Promise<OwnerStandIn> {
  const folder = mkdtempSync(join(tmpdir(), 'ocs-scale-shared-'));
  const address = socketAddress();
  const owner: OwnerStandIn = { folder, address, server: createServer(), answer: Buffer.alloc(0) };
  owner.server.on('connection', (socket: Socket) => {
    socket.on('error', () => undefined);
    const ours = nonce();
    let seen = '';
    let stage = 0;
    socket.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      for (let newline = seen.indexOf('\n'); newline >= 0 && stage < 3; newline = seen.indexOf('\n')) {
        const line = seen.slice(0, newline);
        seen = seen.slice(newline + 1);
        stage += 1;
        const message = JSON.parse(line) as { nonce?: string; proof?: string };
        if (stage === 1) socket.write(`${JSON.stringify({ proof: proofOf(TOKEN, 'owner', String(message.nonce)), nonce: ours })}\n`);
        else if (stage === 2) {
          assert.ok(proofMatches(message.proof, TOKEN, 'window', ours), 'the window proved itself');
          socket.write(`${JSON.stringify({ hello: 1, pid: process.pid })}\n`);
        } else socket.write(owner.answer);
      }
    });
  });
  await new Promise<void>((resolve) => owner.server.listen(address, resolve));
  writeFileSync(join(folder, SERVE_FILE), JSON.stringify({ address, token: TOKEN, pid: process.pid }), { mode: 0o600 });
  return owner;
}

const followerAnswers: Reader<unknown, unknown> = reader<Buffer, OwnerStandIn>({
  name: "shared search index: the owner's answer to a search, read by a window that follows (RemoteEngine, LineFrames)",
  covers: [
    'src/features/search/node/engine/remoteEngine.ts#RemoteEngine',
    'src/features/search/common/engine/lineFrames.ts#LineFrames',
    'src/features/search/common/engine/lineFrames.ts#parseFrame',
    'src/features/search/common/engine/lineFrames.ts#FrameTooLargeError',
  ],
  // An item is about 100 bytes on the wire.
  n: 10_000,
  setup: ownerStandIn,
  teardown: async (owner) => {
    await new Promise((resolve) => owner.server.close(resolve));
    rmSync(owner.folder, { recursive: true, force: true });
    rmSync(dirname(owner.address), { recursive: true, force: true });
  },
  read: async (answer, owner) => {
    owner.answer = answer;
    const remote = await RemoteEngine.connect(owner.folder);
    assert.ok(remote, 'let in');
    try {
      return await remote.search({ text: 'retry', limit: 500 });
    } catch (err) {
      return err;
    } finally {
      await remote.dispose();
    }
  },
  shapes: [
    {
      // Past 500 hits (the most a search asks for): the connection is ended, not read on.
      name: 'n/10 hit frames of 100 characters each',
      make: (n) => answerOf(Array.from({ length: Math.max(1, n / 10) }, (_, i) => hitOf(i, 'retry '.repeat(16)))),
    },
    {
      // Past the frame's cap (1 MB) at n too: ended at the cap, not held whole, whatever follows.
      name: 'one frame of n×200 bytes that never ends',
      make: (n) => Buffer.alloc(n * 200, 0x61),
      worst: true,
      capped: true,
    },
    {
      // At 10n: 600 KB escaped, within the frame's cap.
      name: 'one hit whose text is n characters, each escaped (\\u0001)',
      make: (n) => answerOf([hitOf(0, '\u0001'.repeat(n))]),
      worst: true,
    },
    {
      name: 'n×100 bytes of newlines (empty frames)',
      make: (n) => Buffer.alloc(n * 100, 0x0a),
      worst: true,
    },
  ],
  check: (answer, n, shape) => {
    if (shape.startsWith('n/10 hit frames')) {
      if (n / 10 <= 500) assert.equal((answer as EngineHit[]).length, n / 10, 'every hit read');
      else assert.ok(answer instanceof EngineStoppedError, `more hits than asked for: the connection ended (${String(answer)})`);
    } else if (shape.startsWith('one frame of')) {
      assert.ok(answer instanceof EngineStoppedError, `a frame past its cap ends the connection (${String(answer)})`);
    } else if (shape.startsWith('one hit whose')) {
      assert.equal((answer as EngineHit[]).length, 1, 'the hit read');
    } else assert.ok(answer instanceof EngineStoppedError, `frames that are no answer end the connection (${String(answer)})`);
  },
});

/** A search's answer as the owner sends it: a frame per hit, then its end. */
function answerOf(hits: EngineHit[]): Buffer {
  const lines = hits.map((hit) => `${JSON.stringify({ id: 1, hit })}\n`);
  lines.push(`${JSON.stringify({ id: 1, ok: true, hits: hits.length })}\n`);
  return Buffer.from(lines.join(''));
}

interface Served {
  folder: string;
  server: IndexServer;
}

const ownerRequests: Reader<unknown, unknown> = reader<Buffer, Served>({
  name: "shared search index: other windows' requests, read by the owner (IndexServer, proofMatches)",
  covers: [
    'src/features/search/node/engine/indexServer.ts#IndexServer',
    'src/features/search/node/engine/indexServer.ts#socketAddress',
    'src/features/search/node/engine/indexServer.ts#nonce',
    'src/features/search/node/engine/indexServer.ts#proofOf',
    'src/features/search/node/engine/indexServer.ts#proofMatches',
  ],
  // An item is a search request of about 80 bytes.
  n: 1_000,
  setup: async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ocs-scale-serve-'));
    // The engine's answer to a search: none (what is read here is the requests, not the index).
    const server = await IndexServer.start(
      folder,
      () => Promise.resolve([]),
      () => undefined,
    );
    return { folder, server };
  },
  teardown: async ({ folder, server }) => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  },
  read: async (input, { server }) => {
    const socket = connect(server.info.address);
    socket.on('error', () => undefined);
    let answers = 0;
    let refused = false;
    let tail = '';
    /** 0: the window's nonce sent; 1: its proof sent; 2: let in, the shape's bytes sent. */
    let stage = 0;
    const ours = nonce();
    const expected = input.toString('latin1').split('\n').length - 1;
    await new Promise<void>((resolve) => {
      socket.on('data', (chunk: Buffer) => {
        const text = tail + chunk.toString('utf8');
        const lines = text.split('\n');
        tail = lines.pop() ?? '';
        for (const line of lines) {
          if (line.includes('"refused"')) refused = true;
          else if (stage === 0) {
            const owner = JSON.parse(line) as { proof?: string; nonce?: string };
            assert.ok(proofMatches(owner.proof, server.info.token, 'owner', ours), 'the owner proved itself');
            socket.write(`${JSON.stringify({ proof: proofOf(server.info.token, 'window', String(owner.nonce)) })}\n`);
            stage = 1;
          } else if (stage === 1) {
            stage = 2;
            socket.write(input);
          } else if (line.includes('"ok":true')) answers += 1;
        }
        if (expected > 0 && answers >= expected) socket.end();
      });
      socket.once('close', () => resolve());
      socket.once('connect', () => socket.write(`${JSON.stringify({ nonce: ours })}\n`));
    });
    return { answers, refused };
  },
  shapes: [
    {
      name: 'n search requests in one write',
      make: (n) =>
        Buffer.from(
          Array.from({ length: n }, (_, i) => `${JSON.stringify({ id: i + 1, op: 'search', args: { query: { text: 'retry' } } })}\n`).join(
            '',
          ),
        ),
    },
    {
      // Past the request's cap (64 KB) at n too: refused at the cap (one under it is held, at most 64 KB a window).
      name: 'one request of n×80 bytes that never ends',
      make: (n) => Buffer.alloc(n * 80, 0x61),
      worst: true,
      capped: true,
    },
  ],
  check: (answer, n, shape) => {
    const { answers, refused } = answer as { answers: number; refused: boolean };
    if (shape.startsWith('n search')) assert.equal(answers, n, 'every search answered');
    else assert.ok(refused && answers === 0, 'refused at its cap');
    const asked = nonce();
    assert.ok(proofMatches(proofOf(TOKEN, 'window', asked), TOKEN, 'window', asked), 'a proof of the token is taken');
    assert.ok(!proofMatches(proofOf('other', 'window', asked), TOKEN, 'window', asked), "another token's is not");
    assert.ok(!proofMatches(proofOf(TOKEN, 'owner', asked), TOKEN, 'window', asked), "the other role's is not");
  },
});

export const sharedIndexReaders: Array<Reader<unknown, unknown>> = [followerAnswers, ownerRequests];
