// The V2 settler behind a burst of live events (issue 75): n events of n sessions, each re-read once its events
// stop, on a server whose reads fail without I/O once a route is marked missing after one 404. Such a batch ran in
// one turn (20 000 events 100-170 ms, 200 000 1.3 s) and, with the status route missing, every session was read
// again every 1.5-5 s for good. The run ends once every session was said idle or given up, each once.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { V2Client } from '../../../src/client/v2/client';
import { V2EventStream } from '../../../src/client/v2/eventStream';
import type { StoreEvent } from '../../../src/store/events';
import { reader, type Reader } from '../reader';
import { V2Adversary } from '../v2Server';
import { tokens } from '../v2Shapes';

interface Burst {
  stream: V2EventStream;
  sessions: number;
  /** Session reads that reached the server (the rest failed at once). */
  asked: () => number;
  /** Ends the stream once every session was settled (said idle or given up). */
  settled: () => void;
}

interface Settled {
  sessions: number;
  idle: number;
  /** The ids of each give-up, as the settler gave them (counted in check, outside the clock). */
  gaveUp: Array<readonly string[]>;
  asked: number;
}

/** n usage events of n sessions in one burst; the session route 404s (and the status route too, if `noStatus`). */
function burst(server: V2Adversary, n: number, noStatus: boolean): Burst {
  server.reset();
  const body = Buffer.from(
    Array.from(
      { length: n },
      (_, i) =>
        `data: ${JSON.stringify({ type: 'session.usage.updated', data: { sessionID: `ses_${i}`, cost: 1, tokens: tokens() } })}\n\n`,
    ).join(''),
  );
  let settled: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (settled = resolve));
  server.routes.set('GET /api/event', (_query, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(body);
    void done.then(() => res.end());
  });
  if (!noStatus) server.json('GET /api/session/active', { data: {} });
  // Every other route (a session's) is one OpenCode 2 lacks: 404 with nothing.
  return {
    stream: new V2EventStream(new V2Client(server.endpoint)),
    sessions: n,
    asked: () => [...server.asked].filter(([key]) => key.startsWith('GET /api/session/ses_')).reduce((sum, [, count]) => sum + count, 0),
    settled,
  };
}

const settlerBurst = reader<Burst, V2Adversary>({
  name: 'Settler after a burst of events, reads failing without I/O (V2EventStream)',
  covers: ['src/client/v2/eventStream.ts#V2EventStream'],
  // 10n is the issue's 200 000 events.
  n: 20_000,
  setup: () => V2Adversary.start(),
  teardown: (server) => server.close(),
  read: async ({ stream, sessions, asked, settled }) => {
    const answer: Settled = { sessions, idle: 0, gaveUp: [], asked: 0 };
    let given = 0;
    const check = () => {
      if (answer.idle + given >= sessions) settled();
    };
    await stream.streamEvents(
      { stallMs: 60_000, signal: AbortSignal.timeout(120_000) },
      {
        onItem: () => undefined,
        onEvent: (event: StoreEvent) => {
          if (event.type !== 'session.status' || event.status.type !== 'idle') return;
          answer.idle++;
          check();
        },
        malformed: () => undefined,
        settleGaveUp: (ids) => {
          answer.gaveUp.push(ids);
          given += ids.length;
          check();
        },
      },
    );
    answer.asked = asked();
    return answer;
  },
  shapes: [
    {
      name: 'n usage events of n sessions, the session route missing (each said idle)',
      make: (n, server) => burst(server, n, false),
      worst: true,
    },
    {
      name: 'n usage events of n sessions, the session and status routes missing (each given up once)',
      make: (n, server) => burst(server, n, true),
      worst: true,
    },
  ],
  check: (answer) => {
    const a = answer as Settled;
    const given = new Set(a.gaveUp.flat());
    assert.equal(a.idle + given.size, a.sessions, 'every session said idle or given up');
    assert.equal(
      given.size,
      a.gaveUp.reduce((sum, ids) => sum + ids.length, 0),
      'none given up twice',
    );
    assert.ok(a.asked <= 4, `the missing route asked ${a.asked} times (once per read under way when it was found missing)`);
  },
});

export const settlerEventsReaders: Array<Reader<unknown, unknown>> = [settlerBurst];
