// A list read in pages against API servers that page badly (the attacker review of d200c08b): one that gives the
// same continue token again, one that expires a token mid-list (410, as the apiserver does after a compaction), and a
// long list's pages, each of whose deadlines must be let go. A small HTTP server plays each; the client is the real
// @kubernetes/client-node.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterProblem } from '../../../src/client/k8s/kubeBackend';
import { ResourceStream, type StreamTiming } from '../../../src/client/k8s/backend/resourceStream';
import { unreachable } from '../../../src/client/k8s/backend/clusterProblems';
import { waitUntil } from '../helpers/k8sBackend';

const FAST: StreamTiming = { initialBackoffMs: 60_000, maxBackoffMs: 60_000, listTimeoutMs: 5000, watchSeconds: 60, listPage: 1 };
const task = (name: string) => ({ metadata: { name, namespace: 'team-a', resourceVersion: '7' } });

/** Answers each list page with `answer(continueToken)`; a watch is held open without events. */
async function pagingServer(
  answer: (token: string | null) => { status?: number; body: unknown },
): Promise<{ server: Server; kc: KubeConfig; lists: () => number }> {
  let lists = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return;
    }
    lists++;
    const { status = 200, body } = answer(url.searchParams.get('continue'));
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return { server, kc, lists: () => lists };
}

describe('ResourceStream: a list in pages from a server that pages badly', () => {
  const open: Array<{ dispose(): void } | Server> = [];
  afterEach(() => {
    // Streams first (their watches close), then the servers, with any connection still open.
    const all = open.splice(0);
    for (const o of all) if (!('close' in o)) o.dispose();
    for (const o of all)
      if ('close' in o) {
        o.closeAllConnections();
        o.close();
      }
  });

  function stream(kc: KubeConfig, failed: ClusterProblem[], changed: () => void = () => {}): ResourceStream {
    const s = new ResourceStream(
      kc,
      'tasks',
      'team-a',
      {
        changed,
        failed: (_stream, err) => {
          // What the product's watcher makes of a failure that is not a 401, 403 or 404 (clusterWatcher.ts).
          const problem = unreachable(err, { server: 'https://k8s.test', context: 'x', namespace: 'team-a', plural: 'tasks' });
          failed.push(problem);
          return Promise.resolve(problem);
        },
      },
      FAST,
    );
    open.push(s);
    s.start();
    return s;
  }

  test('the same continue token again: the list fails with why, instead of being read for ever', async () => {
    const { server, kc, lists } = await pagingServer(() => ({
      body: { metadata: { resourceVersion: '7', continue: 'same' }, items: [task('a')] },
    }));
    open.push(server);
    const failed: ClusterProblem[] = [];
    const s = stream(kc, failed);
    await waitUntil('the list to fail', () => failed[0]);
    // It answers: the user is told what it did, not to check the network or a VPN.
    assert.equal(
      failed[0].message,
      'The API server at https://k8s.test answered, but its list of kubeopencode tasks in namespace "team-a" did not end ' +
        '(a page was asked again, or it ran past 2000 pages). Retrying.',
    );
    assert.equal(lists(), 2, 'the first page and the one that repeated its token');
    assert.equal(s.listed, false);
  });

  test('a continue token expired mid-list (410): the list is read whole again, and no problem is shown', async () => {
    let expired = false;
    const { server, kc, lists } = await pagingServer((token) => {
      if (token === null) return { body: { metadata: { resourceVersion: '7', continue: 'b' }, items: [task('a')] } };
      if (!expired) {
        expired = true;
        return {
          status: 410,
          body: {
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            reason: 'Expired',
            code: 410,
            message: 'The provided continue parameter is too old',
          },
        };
      }
      return { body: { metadata: { resourceVersion: '8' }, items: [task('b')] } };
    });
    open.push(server);
    const failed: ClusterProblem[] = [];
    let changes = 0;
    const s = stream(kc, failed, () => changes++);
    await waitUntil('the list', () => s.listed || undefined);
    assert.deepEqual([...s.objects.keys()], ['team-a/a', 'team-a/b']);
    assert.deepEqual(failed, [], 'no problem for an expired token');
    assert.equal(lists(), 4, 'two pages, the expired one, then the first page again (and its second)');
    assert.ok(changes >= 1);
  });

  test('a list of many pages lets each page’s deadline go (no listener left on the stream’s signal)', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const { server, kc } = await pagingServer((token) => {
        const at = token === null ? 0 : Number(token);
        return { body: { metadata: { resourceVersion: '7', ...(at < 30 && { continue: String(at + 1) }) }, items: [task(`t${at}`)] } };
      });
      open.push(server);
      const failed: ClusterProblem[] = [];
      const s = stream(kc, failed);
      await waitUntil('the list', () => s.listed || undefined);
      assert.equal(s.objects.size, 31);
      // A warning is emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(
        warnings.filter((w) => w === 'MaxListenersExceededWarning'),
        [],
      );
    } finally {
      process.off('warning', onWarning);
    }
  });
});
