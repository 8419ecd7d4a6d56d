// V2's settler against a race the opencode2 stage met in CI: a turn ends, its session is re-read, and the next
// prompt is admitted while that read is under way. The batch's `/api/session/active` answer is older than the
// admission, so it must not call the session idle: the session stays busy until an answer newer than the run says
// otherwise. Against a loopback server of the test's own that holds the session read until the admission arrived.
// And a session whose state cannot be read is looked at a bounded number of times, then given up (and said for the
// log) until its next event: a server that lacks the status route no longer has its sessions read every 5 s for good.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, test } from 'node:test';
import { RouteTable } from '../../../../src/client/v2/openApiRoutes';
import { V2Client } from '../../../../src/client/v2/client';
import { V2Contract } from '../../../../src/client/v2/contract';
import { MAX_UNREAD_TRIES, V2EventStream } from '../../../../src/client/v2/eventStream';
import { json, send, V2Adversary } from '../../../scale/v2Server';
import { session, tokens } from '../../../scale/v2Shapes';
import { releaseDocument } from '../../../harness/release/releaseRoutes';
import { v2Item } from '../../helpers/v2Fixtures';

let server: V2Adversary;
before(async () => (server = await V2Adversary.start()));
after(() => server.close());

test('a prompt admitted while its session is re-read keeps it busy: the older “not running” answer is not applied', async () => {
  const client = new V2Client(server.endpoint);
  client.contract = V2Contract.documented((await RouteTable.read(releaseDocument()))!);
  let stream!: ServerResponse;
  const item = (type: string) => stream.write(`data: ${JSON.stringify(v2Item(type, { sessionID: 'ses_1' }))}\n\n`);
  server.routes.set('GET /api/event', (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    stream = res;
    item('session.execution.succeeded'); // the first turn ends: the session is re-read in a moment
  });
  // Asked twice: by the batch, before the next prompt (not running), and by the look again after it (running).
  const running: Array<Record<string, unknown>> = [{}, { ses_1: { type: 'running' } }];
  server.routes.set('GET /api/session/active', (_q, res) => {
    send(res, json({ data: running.shift() }));
    if (!running.length) res.once('close', () => stream.end());
  });
  let answerRead: () => void = () => undefined;
  server.routes.set('GET /api/session/ses_1', (_q, res) => {
    answerRead = () => send(res, json({ data: session('ses_1') }));
    item('session.prompt.admitted'); // the next prompt, while the read is under way
  });
  const statuses: string[] = [];
  await new V2EventStream(client)
    .streamEvents(
      { stallMs: 30_000, signal: AbortSignal.timeout(10_000) },
      {
        onItem: () => undefined,
        onEvent: (event) => {
          if (event.type !== 'session.status') return;
          statuses.push(event.status.type);
          if (statuses.length === 2) answerRead(); // the admission is seen: now the read's answer comes
        },
        malformed: () => undefined,
      },
    )
    .catch(() => undefined);
  // The stream ends once the session was asked about again, after the batch that met the admission.
  assert.deepEqual(statuses, ['idle', 'busy'], 'busy since the admission: no idle from the batch’s older answer');
  assert.equal(server.asked.get('GET /api/session/active'), 2, 'the session was looked at again rather than called idle');
});

const usage = (sessionID: string) => ({ type: 'session.usage.updated', data: { sessionID, cost: 1, tokens: tokens() } });

/**
 * `/api/event` sends one usage event for each of `ids` (each calls for its session to be settled); the stream ends
 * once the settler gave every one of them up. What the stream applied and what it gave up are returned.
 */
async function streamUntilGivenUp(client: V2Client, ids: string[]) {
  let stream: ServerResponse | undefined;
  server.routes.set('GET /api/event', (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    stream = res;
    res.write(ids.map((id) => `data: ${JSON.stringify(usage(id))}\n\n`).join(''));
  });
  let totals = 0;
  const givenUp: string[] = [];
  const lines: string[] = [];
  await new V2EventStream(client)
    .streamEvents(
      { stallMs: 30_000, signal: AbortSignal.timeout(15_000) },
      {
        onItem: () => undefined,
        onEvent: (event) => void (event.type === 'session.totals' && (totals += 1)),
        malformed: () => undefined,
        settleGaveUp: (sessionIDs, line) => {
          givenUp.push(...sessionIDs);
          lines.push(line);
          if (new Set(givenUp).size >= ids.length) stream?.end();
        },
      },
    )
    .catch(() => undefined);
  return { totals, givenUp, lines };
}

test('a server that lacks the status route: each session read once, given up at once and said so; every event applied', async () => {
  server.reset();
  const client = new V2Client(server.endpoint);
  // Documented without `/api/session/active`: asking for it fails at once, without I/O, every time.
  client.contract = V2Contract.documented((await RouteTable.read(releaseDocument(['GET /api/session/active'])))!);
  // Ids of its own: a read the test above left under way may still arrive.
  const ids = Array.from({ length: 300 }, (_, i) => `ses_lacking${i}`);
  const reads = new Map<string, number>();
  server.other = (key) => {
    const id = /^GET \/api\/session\/([^/]+)$/.exec(key)?.[1];
    if (!id?.startsWith('ses_lacking')) return undefined;
    reads.set(id, (reads.get(id) ?? 0) + 1);
    return json({ data: session(id) });
  };
  const { totals, givenUp, lines } = await streamUntilGivenUp(client, ids);
  assert.equal(totals, ids.length, 'every event applied');
  assert.deepEqual([...givenUp].sort(), [...ids].sort(), 'each session given up once');
  assert.deepEqual([...new Set(reads.values())], [1], 'each session read once (not again every few seconds)');
  assert.equal(reads.size, ids.length);
  // A line per batch (how the events fall into batches depends on the machine's pace).
  for (const line of lines)
    assert.match(
      line,
      /^could not tell whether "ses_lacking\d+"(, "ses_lacking\d+")*( and \d+ more)? still run \(.*does not offer it.*\); they are looked at again at their next event\.$/,
    );
  assert.ok(
    lines.some((line) => / and \d+ more /.test(line)),
    `the rest counted, not named: ${lines.join(' | ')}`,
  );
});

test('a status that fails to read is looked at a few times, less and less often, then said once and looked at once a minute', async () => {
  server.reset();
  const client = new V2Client(server.endpoint);
  client.contract = V2Contract.documented((await RouteTable.read(releaseDocument()))!);
  server.routes.set('GET /api/session/active', (_q, res) =>
    res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'busy' })),
  );
  server.routes.set('GET /api/session/ses_busy1', json({ data: session('ses_busy1') }));
  const { totals, givenUp, lines } = await streamUntilGivenUp(client, ['ses_busy1']);
  assert.equal(totals, 1);
  assert.deepEqual(givenUp, ['ses_busy1']);
  assert.equal(server.asked.get('GET /api/session/active'), MAX_UNREAD_TRIES, 'looked at exactly that many times');
  assert.match(lines[0], /"ses_busy1" still run \(.*503.*\); they are looked at again at their next event, and once a minute\.$/);
});

test('a hostile session id is quoted and cut in the log line', async () => {
  server.reset();
  const client = new V2Client(server.endpoint);
  client.contract = V2Contract.documented((await RouteTable.read(releaseDocument(['GET /api/session/active'])))!);
  const hostile = `ses_${'x'.repeat(5_000)}\n[error] forged line`;
  const { lines } = await streamUntilGivenUp(client, [hostile]);
  assert.equal(lines.length, 1);
  assert.ok(!lines[0].includes('\n'), 'one line');
  assert.ok(lines[0].length < 400, `cut: ${lines[0].length} characters`);
});
