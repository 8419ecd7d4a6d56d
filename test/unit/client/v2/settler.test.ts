// V2's settler against a race the opencode2 stage met in CI: a turn ends, its session is re-read, and the next
// prompt is admitted while that read is under way. The batch's `/api/session/active` answer is older than the
// admission, so it must not call the session idle: the session stays busy until an answer newer than the run says
// otherwise. Against a loopback server of the test's own that holds the session read until the admission arrived.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, test } from 'node:test';
import { RouteTable } from '../../../../src/client/v2/openApiRoutes';
import { V2Client } from '../../../../src/client/v2/client';
import { V2Contract } from '../../../../src/client/v2/contract';
import { V2EventStream } from '../../../../src/client/v2/eventStream';
import { json, send, V2Adversary } from '../../../scale/v2Server';
import { session } from '../../../scale/v2Shapes';
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
    .streamEvents({
      stallMs: 30_000,
      signal: AbortSignal.timeout(10_000),
      onItem: () => undefined,
      onEvent: (event) => {
        if (event.type !== 'session.status') return;
        statuses.push(event.status.type);
        if (statuses.length === 2) answerRead(); // the admission is seen: now the read's answer comes
      },
      malformed: () => undefined,
    })
    .catch(() => undefined);
  // The stream ends once the session was asked about again, after the batch that met the admission.
  assert.deepEqual(statuses, ['idle', 'busy'], 'busy since the admission: no idle from the batch’s older answer');
  assert.equal(server.asked.get('GET /api/session/active'), 2, 'the session was looked at again rather than called idle');
});
