// Pod port-forward end to end: the real @kubernetes/client-node PortForward (inside the product's relay)
// against the stand-in apiserver, which forwards to real servers: a plain node http server and a real
// `opencode serve`. Also the stand-in's handshake and framing as a raw WebSocket client sees them.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { RequestOptions } from 'node:https';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { inspect } from 'node:util';
import { KubeConfig, PortForward } from '@kubernetes/client-node';
import { WebSocket, type RawData } from 'ws';
import { openPortForwardRelay } from '../../../src/client/k8s/backend/portForwardRelay';
import type { AgentRelay } from '../../../src/client/k8s/kubeBackend';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { firstChunk, kubeRequest, readBody } from '../../k8s/kubeRequest';
import { agentPod, type KubeObject } from '../../k8s/objects';
import { startStandInApiServer, type StandInApiServer } from '../../k8s/standInApiServer';

const [TOKEN, NS, OTHER] = ['stand-in-token', 'team-a', 'team-b'];

function podIn(agentName: string, namespace: string, suffix: string, phase = 'Running'): KubeObject {
  const pod = agentPod(agentName, namespace, suffix);
  return { ...pod, status: { ...pod.status, phase } };
}
const pods = [
  podIn('alpha', NS, 'a1'),
  podIn('web', NS, 'w1'),
  podIn('dead', NS, 'd1'),
  podIn('waiting', NS, 'p1', 'Pending'),
  podIn('done', NS, 'f1', 'Succeeded'),
  podIn('beta', OTHER, 'b1'),
];

function clientFor(server: StandInApiServer, yaml = server.kubeconfig('stand-in', NS)): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(yaml);
  return kc;
}

function logger() {
  const lines = { info: [] as string[], warn: [] as string[] };
  return { lines, log: { info: (m: string) => lines.info.push(m), warn: (m: string) => lines.warn.push(m) } };
}

/** The relay's own Basic-auth header. */
function auth(relay: AgentRelay, password = relay.password ?? ''): Record<string, string> {
  return { authorization: 'Basic ' + Buffer.from(`opencode:${password}`).toString('base64') };
}

/** One request on its own TCP connection (no keep-alive), so each goes through its own port-forward. */
function fetchVia(
  relay: AgentRelay,
  path: string,
  init: { method?: string; body?: Buffer; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Buffer; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const headers = init.headers ?? auth(relay);
    const req = request(`${relay.url}${path}`, { method: init.method ?? 'GET', agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), res }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** The rejection's message (client-node rejects a refused handshake with a `ws` ErrorEvent, not an Error). */
function rejectionOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => assert.fail('expected a rejection'),
    (err: { message?: unknown }) => (typeof err.message === 'string' ? err.message : inspect(err)),
  );
}

/** What client-node's PortForward itself gets for a pod, with no relay in between. */
function forwardDirect(kc: KubeConfig, namespace: string, pod: string): Promise<unknown> {
  const io = new PassThrough();
  return new PortForward(kc).portForward(namespace, pod, [4096], io, null, io).then((ws) => (ws as { close(): void }).close());
}

/** A bare `ws` client with the kubeconfig's token and CA, offering `protocols`. */
async function rawWebSocket(server: StandInApiServer, protocols: string[]): Promise<WebSocket> {
  const options: RequestOptions = {};
  await clientFor(server).applyToHTTPSOptions(options);
  return new WebSocket(
    `${server.url.replace('https', 'wss')}/api/v1/namespaces/${NS}/pods/web-server-w1/portforward?ports=4096`,
    protocols,
    options,
  );
}

describe('port-forward relay through the stand-in apiserver', () => {
  let harness: RunningHarness;
  let web: Server;
  let server: StandInApiServer;
  const relays: AgentRelay[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const open = async (agentName: string, log = logger().log) => {
    const relay = await openPortForwardRelay(clientFor(server), { namespace: NS, agent: agentName, port: 4096 }, log);
    relays.push(relay);
    return relay;
  };

  before(async () => {
    harness = await startHarness();
    // Echoes method, path and a digest of the body after a short pause, so requests overlap.
    web = createServer((req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const hash = createHash('sha256');
      let size = 0;
      req.on('data', (c: Buffer) => {
        hash.update(c);
        size += c.length;
      });
      req.on('end', () =>
        setTimeout(() => {
          inFlight--;
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ method: req.method, path: req.url, size, sha256: hash.digest('hex') }));
        }, 100),
      );
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const webPort = (web.address() as { port: number }).port;
    server = await startStandInApiServer({
      token: TOKEN,
      pods,
      opencodeUpstream: () => undefined,
      podUpstream: (_namespace, pod, port) => {
        if (port !== 4096) return undefined;
        if (pod.startsWith('alpha-')) return harness.server.url;
        if (pod.startsWith('web-')) return `127.0.0.1:${webPort}`;
        return undefined; // dead: nothing listens in the pod
      },
    });
  });
  after(async () => {
    for (const relay of relays) relay.dispose();
    await server?.stop();
    await new Promise((resolve) => web?.close(resolve));
    await harness?.dispose();
  });

  test('the stand-in answers client-node with v4.channel.k8s.io, port numbers first, then the bytes', async () => {
    const ws = await rawWebSocket(server, [
      'v5.channel.k8s.io',
      'v4.channel.k8s.io',
      'v3.channel.k8s.io',
      'v2.channel.k8s.io',
      'channel.k8s.io',
    ]);
    const frames: Buffer[] = [];
    const answered = new Promise<void>((resolve, reject) => {
      ws.on('message', (data: RawData) => {
        frames.push(data as Buffer);
        if (Buffer.concat(frames.slice(2).map((f) => f.subarray(1))).includes('"sha256"')) resolve();
      });
      ws.on('error', reject);
    });
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => resolve());
      ws.on('error', reject);
    });
    assert.equal(ws.protocol, 'v4.channel.k8s.io');
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('GET /raw HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]));
    await answered;
    ws.close();
    assert.deepEqual([...frames[0]], [0, 0x00, 0x10]); // channel 0, port 4096 little-endian
    assert.deepEqual([...frames[1]], [1, 0x00, 0x10]);
    assert.ok(
      frames.slice(2).every((f) => f[0] === 0),
      'the response comes on the data channel',
    );
    assert.match(Buffer.concat(frames.slice(2).map((f) => f.subarray(1))).toString(), /^HTTP\/1\.1 200 OK[\s\S]*"path":"\/raw"/);
  });

  test('the stand-in refuses a WebSocket that offers only protocols the kubelet lacks (403)', async () => {
    const ws = await rawWebSocket(server, ['v5.channel.k8s.io']);
    const err = await new Promise<Error>((resolve) => ws.on('error', resolve));
    assert.equal(err.message, 'Unexpected server response: 403');
  });

  test('the stand-in also speaks v4.base64.channel.k8s.io: a digit for the channel, then base64', async () => {
    const ws = await rawWebSocket(server, ['v4.base64.channel.k8s.io']);
    const frames: string[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (data: RawData, isBinary: boolean) => {
        frames.push(`${isBinary ? 'binary' : 'text'}:${bytes(data).toString()}`);
        if (frames.length === 2) resolve();
      });
      ws.on('error', reject);
    });
    assert.equal(ws.protocol, 'v4.base64.channel.k8s.io');
    ws.close();
    assert.deepEqual(frames, ['text:0ABA=', 'text:1ABA=']);
  });

  test('several concurrent connections each reach the pod, bytes intact both ways', async () => {
    const relay = await open('web');
    assert.match(relay.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(relay.password && relay.password.length >= 24, 'the relay has a random password');
    assert.equal(relay.via, 'pod web-server-w1:4096 (port-forward)');
    const before = server.requests.length;
    maxInFlight = 0;
    const big = Buffer.alloc(300_000, 7);
    const results = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => fetchVia(relay, `/item/${i}?q=${i}`)),
      fetchVia(relay, '/upload', { method: 'POST', body: big }),
    ]);
    results.slice(0, 6).forEach((r, i) => {
      assert.equal(r.status, 200);
      assert.deepEqual(JSON.parse(r.body.toString()), {
        method: 'GET',
        path: `/item/${i}?q=${i}`,
        size: 0,
        sha256: createHash('sha256').digest('hex'),
      });
    });
    assert.deepEqual(JSON.parse(results[6].body.toString()), {
      method: 'POST',
      path: '/upload',
      size: big.length,
      sha256: createHash('sha256').update(big).digest('hex'),
    });
    assert.ok(maxInFlight > 1, `requests overlapped at the pod (max ${maxInFlight})`);
    const forwards = server.requests.slice(before).filter((r) => r.url.includes('/portforward'));
    assert.equal(forwards.length, 7, 'one port-forward per TCP connection');
    assert.ok(forwards.every((r) => r.url === `/api/v1/namespaces/${NS}/pods/web-server-w1/portforward?ports=4096` && r.status === 101));
  });

  test('the real OpenCode server answers /global/health and streams /global/event through the relay', async () => {
    const relay = await open('alpha');
    const health = await fetchVia(relay, '/global/health');
    assert.equal(health.status, 200);
    assert.deepEqual(JSON.parse(health.body.toString()), { healthy: true, version: harness.server.version });
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      request(`${relay.url}/global/event`, { agent: false, headers: { ...auth(relay), accept: 'text/event-stream' } }, resolve)
        .on('error', reject)
        .end();
    });
    try {
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /text\/event-stream/);
      assert.match(await firstChunk(res, 5000), /server\.connected/);
    } finally {
      res.destroy();
    }
  });

  test('a connection without the password gets a 401 and nothing from the Agent: no port-forward is opened', async () => {
    const relay = await open('alpha');
    const before = server.requests.length;
    const other = await open('web');
    assert.notEqual(other.password, relay.password, 'each relay has its own password');
    for (const headers of [{}, auth(relay, 'not-it'), auth(relay, other.password), { authorization: `Bearer ${TOKEN}` }]) {
      const answer = await fetchVia(relay, '/global/health', { headers });
      assert.equal(answer.status, 401, JSON.stringify(headers));
      assert.match(String(answer.res.headers['www-authenticate']), /^Basic/);
      assert.doesNotMatch(answer.body.toString(), /healthy/);
    }
    // Two Authorization headers, the right one among them: ambiguous, refused.
    const twice = await rawExchange(relay, `GET /global/health HTTP/1.1\r\nHost: x\r\nAuthorization: x\r\n${headerLine(relay)}\r\n\r\n`);
    assert.match(twice, /^HTTP\/1\.1 401 /);
    // Bytes that are not HTTP, and a head that never ends within the cap, reach nothing either.
    assert.match(await rawExchange(relay, 'x'.repeat(70_000)), /^HTTP\/1\.1 431 /);
    assert.equal(
      server.requests.slice(before).filter((r) => r.url.includes('/portforward')).length,
      0,
      'the apiserver saw no port-forward for a refused connection',
    );
    // The same connection style with the password does reach the real OpenCode server.
    const ok = await rawExchange(relay, `GET /global/health HTTP/1.1\r\nHost: x\r\n${headerLine(relay)}\r\nConnection: close\r\n\r\n`);
    assert.match(ok, /^HTTP\/1\.1 200 [\s\S]*"healthy":true/);
  });

  test('a pod that went away: 404 from the apiserver, and the relay moves to the replacement pod', async () => {
    assert.match(await rejectionOf(forwardDirect(clientFor(server), NS, 'nobody-server-x')), /Unexpected server response: 404/);
    assert.equal(server.requests.at(-1)?.status, 404);
    const { lines, log } = logger();
    const relay = await open('web', log);
    assert.equal((await fetchVia(relay, '/one')).status, 200);
    server.deletePod(NS, 'web-server-w1');
    server.setPod(podIn('web', NS, 'w2'));
    try {
      const again = await fetchVia(relay, '/two');
      assert.equal((JSON.parse(again.body.toString()) as { path: string }).path, '/two');
      assert.equal(relay.via, 'pod web-server-w2:4096 (port-forward)');
      assert.ok(
        lines.warn.some((w) => /web-server-w1:4096 failed: Unexpected server response: 404/.test(w)),
        lines.warn.join('\n'),
      );
      const forwards = server.requests.filter((r) => r.url.includes('/pods/web-server-w')).slice(-2);
      assert.deepEqual(
        forwards.map((r) => [r.url.split('/')[6], r.status]),
        [
          ['web-server-w1', 404],
          ['web-server-w2', 101],
        ],
      );
    } finally {
      server.deletePod(NS, 'web-server-w2');
      server.setPod(podIn('web', NS, 'w1'));
    }
  });

  test('nothing listening in the pod: the error channel is logged and the connection closes', async () => {
    const { lines, log } = logger();
    const relay = await open('dead', log);
    await assert.rejects(fetchVia(relay, '/x'), /socket hang up|ECONNRESET/);
    assert.ok(
      lines.warn.some((w) => w.includes('error forwarding port 4096 to pod dead-server-d1') && w.includes('connection refused')),
      lines.warn.join('\n'),
    );
  });

  test('no running pod: the relay rejects with a clear error', async () => {
    const log = logger().log;
    const none = await rejectionOf(openPortForwardRelay(clientFor(server), { namespace: NS, agent: 'ghost', port: 4096 }, log));
    assert.equal(none, `Agent ${NS}/ghost has no running pod with label kubeopencode.io/agent=ghost; it may be suspended or starting.`);
    const pending = await rejectionOf(openPortForwardRelay(clientFor(server), { namespace: NS, agent: 'waiting', port: 4096 }, log));
    assert.match(pending, /Agent team-a\/waiting has no running pod .*\(pods: waiting-server-p1 Pending\)/);
    // And the stand-in itself refuses non-Running pods, as the apiserver and kubelet do.
    assert.match(await rejectionOf(forwardDirect(clientFor(server), NS, 'waiting-server-p1')), /Unexpected server response: 400/);
    assert.match(await rejectionOf(forwardDirect(clientFor(server), NS, 'done-server-f1')), /Unexpected server response: 500/);
  });

  test('401 for a wrong token, from the pod list and from the port-forward itself', async () => {
    const kc = clientFor(server, server.kubeconfig('stand-in', NS).replace(TOKEN, 'wrong-token'));
    assert.match(
      await rejectionOf(openPortForwardRelay(kc, { namespace: NS, agent: 'web', port: 4096 }, logger().log)),
      /^Cannot list the pods of Agent team-a\/web: HTTP 401 Unauthorized$/,
    );
    assert.match(await rejectionOf(forwardDirect(kc, NS, 'web-server-w1')), /Unexpected server response: 401/);
    assert.equal(server.requests.at(-1)?.status, 401);
  });

  test('dispose closes the listener and the live connections', async () => {
    const relay = await open('alpha');
    const res = await new Promise<IncomingMessage>((resolve, reject) =>
      request(`${relay.url}/global/event`, { agent: false, headers: auth(relay) }, resolve)
        .on('error', reject)
        .end(),
    );
    await firstChunk(res, 5000);
    const ended = new Promise<void>((resolve) => res.on('close', () => resolve()));
    relay.dispose();
    await ended;
    const port = Number(new URL(relay.url).port);
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve('connected'));
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(String(err.code)));
    });
    assert.equal(refused, 'ECONNREFUSED');
  });
});

describe('port-forward in a namespace-restricted account', () => {
  let server: StandInApiServer;
  before(
    async () =>
      (server = await startStandInApiServer({ token: TOKEN, pods, restrictedToNamespaces: [NS], opencodeUpstream: () => undefined })),
  );
  after(async () => server?.stop());

  test("403 for a pod in another namespace, with the apiserver's message", async () => {
    const kc = clientFor(server);
    assert.match(await rejectionOf(forwardDirect(kc, OTHER, 'beta-server-b1')), /Unexpected server response: 403/);
    assert.deepEqual(server.requests.at(-1), {
      method: 'GET',
      url: `/api/v1/namespaces/${OTHER}/pods/beta-server-b1/portforward?ports=4096`,
      status: 403,
    });
    const relayError = await rejectionOf(openPortForwardRelay(kc, { namespace: OTHER, agent: 'beta', port: 4096 }, logger().log));
    assert.match(
      relayError,
      /^Cannot list the pods of Agent team-b\/beta: pods is forbidden: .* cannot list resource "pods" in API group "" in the namespace "team-b"$/,
    );
    // A plain GET of the same route shows the Status body the upgrade was refused with.
    const res = await kubeRequest(kc, `/api/v1/namespaces/${OTHER}/pods/beta-server-b1/portforward?ports=4096`);
    const text = await readBody(res);
    assert.equal(res.statusCode, 403);
    assert.match(
      (JSON.parse(text) as { message: string }).message,
      /^pods "beta-server-b1" is forbidden: .* cannot get resource "pods\/portforward" in API group "" in the namespace "team-b"$/,
    );
  });
});

function headerLine(relay: AgentRelay): string {
  return `Authorization: ${auth(relay).authorization}`;
}

/** Writes `text` on a fresh TCP connection to the relay and returns all it answers until it closes. */
function rawExchange(relay: AgentRelay, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(relay.url).port), '127.0.0.1', () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString()));
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? undefined : reject(err)));
  });
}

/** A websocket message's bytes, whichever of its three shapes `ws` delivered. */
function bytes(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}
