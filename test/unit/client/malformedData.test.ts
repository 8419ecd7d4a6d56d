// A whole connection against a loopback server whose answers and events are partly malformed: the readable
// sessions, statuses and events are kept, and each kind of bad item is logged once per connection with the
// server's name (counted after that), never fatal.
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ServerConnection } from '../../../src/client/serverConnection';

const time = { created: 1, updated: 2 };
const good = (id: string, extra: Record<string, unknown> = {}) => ({ id, title: id, directory: '/w', time, ...extra });
const frame = (payload: unknown) => `data: ${JSON.stringify({ directory: '/w', payload })}\n\n`;

describe('a connection to a server that sends malformed data', () => {
  let server: Server;
  let url = '';
  let events: ServerResponse | undefined;

  before(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const json = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (path === '/global/health') json({ healthy: true, version: '1.18.33' });
      else if (path === '/experimental/session')
        json([null, good('ses_a', { cost: 'lots', tokens: { input: -5, output: '7' } }), { id: 'ses_bad' }, good('ses_b', { cost: 0.25 })]);
      else if (path === '/session/status') json({ ses_a: { type: 'busy' }, ses_b: 'idle?' });
      else if (path === '/permission' || path === '/question') json([]);
      else if (path === '/global/event') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(frame({ type: 'server.connected', properties: {} }));
        events = res;
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  test('good items are kept; each malformed kind is logged once, with the server name, and counted', async () => {
    const warnings: string[] = [];
    const log = { info: () => undefined, warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m) };
    const connection = new ServerConnection({ id: url, url, name: 'flaky', origin: 'configured' }, () => Promise.resolve({ url }), log);
    try {
      const online = new Promise<void>((resolve) => connection.onDidChangeState.on((s) => s.kind === 'online' && resolve()));
      connection.start();
      await online;
      assert.deepEqual([...connection.sessions.all()].map((r) => r.info.id).sort(), ['ses_a', 'ses_b']);
      assert.equal(connection.sessions.get('ses_a')?.status.type, 'busy');
      assert.deepEqual(connection.sessions.get('ses_a')?.own, { input: 0, output: 0, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 0 });
      assert.equal(connection.sessions.get('ses_b')?.own.cost, 0.25);

      // Three bad session events, two bad parts, one frame that is not JSON, then a good update.
      for (const bad of [{ info: null }, { info: { id: 'x' } }, { info: { id: 'y', time: { created: NaN, updated: 1 } } }])
        events!.write(frame({ type: 'session.updated', properties: bad }));
      for (let i = 0; i < 2; i++) events!.write(frame({ type: 'message.part.updated', properties: { part: { type: 'step-finish' } } }));
      events!.write('data: {"payload": {"type": "session.upd\n\n');
      events!.write(frame({ type: 'session.updated', properties: { info: good('ses_c', { parentID: 'ses_c' }) } }));
      const deadline = Date.now() + 10_000;
      while (!connection.sessions.get('ses_c') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));

      assert.ok(connection.sessions.get('ses_c'), 'the good event after the bad ones applied');
      assert.equal(connection.sessions.parentOf('ses_c'), undefined, 'a session naming itself as parent is a root');
      assert.deepEqual(Object.fromEntries(connection.malformed.snapshot()), {
        'session list entry': 2,
        'session.updated event': 3,
        'message.part.updated event': 2,
        'unreadable event': 1,
      });
      assert.equal(warnings.length, 4, warnings.join('\n'));
      for (const warning of warnings) assert.match(warning, /^flaky: skipped malformed data \(/);
      assert.ok(warnings.some((w) => w.includes('(session list entry × 2)')));
    } finally {
      connection.dispose();
    }
  });
});
