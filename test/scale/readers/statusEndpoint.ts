// The extension's loopback status endpoint (src/api/statusEndpoint.ts), as the plugin in an OpenCode process on this
// machine asks it: a request's path, query and headers are another process's, of any length Node's HTTP parser lets
// through (its 16 KB of headers refuse the rest before the handler runs).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatusEndpoint, type StatusEndpointHost } from '../../../src/api/serveStatusEndpoint';
import type { StatusEndpoint } from '../../../src/api/statusEndpoint';
import type { Logger } from '../../../src/base/logger';
import type { SessionStatus } from '../../../src/store/sessionStatus';
import { reader, type Reader } from '../reader';

interface Endpoint {
  host: StatusEndpointHost;
  endpoint: StatusEndpoint;
  dir: string;
}

const quiet = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger;

/** What the plugin sends: `n` requests, each with a session id of `idLength` characters. */
interface Asks {
  count: number;
  id: string;
}

const endpoint = reader<Asks, Endpoint>({
  name: "The extension's status endpoint, asked by the plugin (startStatusEndpoint, serveStatusEndpoint)",
  covers: ['src/api/statusEndpoint.ts#startStatusEndpoint', 'src/api/serveStatusEndpoint.ts#serveStatusEndpoint'],
  // 10n is 1 000 requests, or an id of 10 KB (Node's 16 KB of headers refuse longer ones before the handler).
  n: 100,
  setup: async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ocs-scale-endpoint-')), 'endpoints');
    mkdirSync(dir, { mode: 0o700 });
    const status = (sessionId: string) => ({ session: { id: sessionId }, scope: 'session' }) as unknown as SessionStatus;
    const host = serveStatusEndpoint(
      (id) => Promise.resolve(status(id)),
      quiet,
      () => ['/w'],
      dir,
      (id) => ({ sessionID: id, rootId: id, holds: false }),
    );
    const started = await host.ready;
    if (!started) throw new Error('the endpoint did not start');
    return { host, endpoint: started, dir };
  },
  teardown: async ({ host, dir }) => {
    await host.dispose();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  },
  read: async ({ count, id }, { endpoint }) => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const path = i % 2 ? '/v1/pause' : '/v1/session-status';
      const response = await fetch(`${endpoint.url}${path}?sessionID=${encodeURIComponent(id)}&scope=session`, {
        headers: { authorization: `Bearer ${endpoint.token}` },
      }).catch(() => undefined);
      statuses.push(response?.status ?? 0);
      await response?.arrayBuffer();
    }
    return statuses;
  },
  shapes: [
    { name: 'n requests of a well-formed id', make: (n) => ({ count: n, id: 'ses_abc' }) },
    // Past 200 characters an id is refused (400), before any session is looked up: 10n is an id of 10 KB.
    { name: 'ten requests of an id of n×10 + 201 characters', make: (n) => ({ count: 10, id: 'x'.repeat(n * 10 + 201) }), worst: true },
  ],
  check: (answer, _n, shape) => {
    const statuses = answer as number[];
    if (shape.includes('well-formed'))
      assert.ok(
        statuses.every((s) => s === 200),
        statuses.join(' '),
      );
    else
      assert.ok(
        statuses.every((s) => s === 400 || s === 431 || s === 0),
        statuses.join(' '),
      );
  },
});

export const statusEndpointReaders: Array<Reader<unknown, unknown>> = [endpoint];
