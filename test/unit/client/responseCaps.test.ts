// Answers without end against a loopback server that misbehaves on purpose: V1's listing through the SDK, a
// V2 request and the 4096 probe stop at their cap with a clear error (or a "not OpenCode"), never filling the heap.
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { MAX_RESPONSE_BYTES } from '../../../src/client/transport/send';
import { ServerError } from '../../../src/client/transport/serverError';
import { V1Api } from '../../../src/client/v1/api';
import { v2Request } from '../../../src/client/v2/client';
import { probeLocalServer } from '../../../src/features/servers/probeLocalServer';

/** A JSON array that never closes, written as fast as it is read; how many bytes went out. */
function endlessJson(res: ServerResponse, sent: { bytes: number }): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = `${JSON.stringify({ id: 'ses_x', title: 'x'.repeat(60_000) })},`;
  res.write('[');
  const pump = () => {
    while (!res.destroyed && res.write(chunk)) sent.bytes += chunk.length;
    sent.bytes += chunk.length;
  };
  res.on('drain', pump);
  pump();
}

describe('response size caps against a server that never stops answering', () => {
  let server: Server;
  let url = '';
  const sent = { bytes: 0 };

  before(async () => {
    server = createServer((_req, res) => endlessJson(res, sent));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const tooLarge = (err: unknown) => err instanceof ServerError && /answer is over 64 MB, more than the extension reads/.test(err.message);

  test('V1 listing (through the SDK) stops at the cap with a clear error', async () => {
    sent.bytes = 0;
    await assert.rejects(new V1Api({ url }).listSessions({}), tooLarge);
    assert.ok(sent.bytes < MAX_RESPONSE_BYTES * 2, `stopped reading: ${sent.bytes} bytes sent`);
  });

  test('a V2 request stops at the cap with a clear error', async () => {
    sent.bytes = 0;
    await assert.rejects(v2Request({ url }, '/api/session', 'Listing sessions', { timeoutMs: 60_000 }), (err: unknown) => {
      assert.ok(tooLarge(err), String(err));
      assert.match((err as Error).message, /^Listing sessions: /);
      return true;
    });
    assert.ok(sent.bytes < MAX_RESPONSE_BYTES * 2, `stopped reading: ${sent.bytes} bytes sent`);
  });

  test('the 4096 probe reads at most 64 KB of it: not OpenCode', async () => {
    sent.bytes = 0;
    assert.deepEqual(await probeLocalServer(url, 10_000), { kind: 'none', reason: "the answer is not OpenCode's identity JSON" });
    assert.ok(sent.bytes < 16 * 1024 * 1024, `stopped reading: ${sent.bytes} bytes sent`);
  });
});
