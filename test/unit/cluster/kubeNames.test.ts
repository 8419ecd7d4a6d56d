// Names a cluster gives are Kubernetes names before any URL is built from them: a Task or namespace named `.` or `..`
// (which a URL resolves away) turned Stop Task into `POST /api/v1/stop` or `PATCH …/namespaces/team/` with the user's
// token. Each way the backend builds a URL from a cluster's name refuses such a name with a clear error, and the
// servers it would have asked (a recording loopback server standing for both the API server and kubeopencode-server)
// see no request at all.
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { AgentRelay, KubeBackend } from '../../../src/client/k8s/kubeBackend';
import { createKubeBackend } from '../../../src/client/k8s/backend';
import { isDns1123Label, isDns1123Subdomain, kubeName, namespacedPath, NotAKubeName } from '../../../src/client/k8s/kubeNames';
import { quietLog, removeKubeconfigs, writeKubeconfig } from '../helpers/k8sBackend';

const TOKEN = 'the-users-token';

describe('Kubernetes names (DNS-1123)', () => {
  test('labels: lower-case letters, digits and inner dashes, 1 to 63 characters', () => {
    for (const ok of ['team', 'a', '0', 'team-s', 'a--b', 'x'.repeat(63), '1abc'])
      assert.equal(isDns1123Label(ok), true, JSON.stringify(ok));
    for (const bad of ['', '.', '..', 'a.b', '-a', 'a-', 'Team', 'a_b', 'a b', 'x'.repeat(64), 'é', 'a/b', '%2e', 'a\u0000'])
      assert.equal(isDns1123Label(bad), false, JSON.stringify(bad));
  });

  test('subdomains: labels joined by dots, 1 to 253 characters', () => {
    for (const ok of ['fix-login', 'a.b', 'a-b.c-d', 'x'.repeat(253), `${'x'.repeat(100)}.${'y'.repeat(100)}`, '0.1'])
      assert.equal(isDns1123Subdomain(ok), true, JSON.stringify(ok));
    for (const bad of ['', '.', '..', '...', '.a', 'a.', 'a..b', 'a.-b', 'a-.b', '-a', 'a-', 'A', 'a/b', 'x'.repeat(254), 'a:b'])
      assert.equal(isDns1123Subdomain(bad), false, JSON.stringify(bad));
  });

  test('what is not text is no name', () => {
    for (const bad of [undefined, null, 7, {}, ['a']]) {
      assert.equal(isDns1123Label(bad), false);
      assert.equal(isDns1123Subdomain(bad), false);
    }
  });

  test('the error names the kind, the rule and what it was given (its start, escaped)', () => {
    assert.equal(kubeName('Task', 'fix-login'), 'fix-login');
    assert.equal(namespacedPath('team', 'tasks', 'Task', 'fix.login'), 'namespaces/team/tasks/fix.login');
    assert.throws(
      () => kubeName('Task', '..'),
      (err: unknown) =>
        err instanceof NotAKubeName &&
        err.message ===
          'The cluster gave a Task named "..", which is not a Kubernetes name (a DNS-1123 subdomain: at most 253 lower-case letters, digits, “-” and “.”, a letter or digit at each end and around each “.”); nothing was sent for it.',
    );
    assert.throws(() => namespacedPath('.', 'tasks', 'Task', 'fix-login'), /gave a namespace named "\."[^]*DNS-1123 label/);
    const long = `\u202e\n${'a'.repeat(10_000)}`;
    assert.throws(
      () => kubeName('Agent', long),
      (err: unknown) => {
        const message = (err as Error).message;
        return message.includes('"\\u202e\\u000a' + 'a'.repeat(88) + '…" (10002 characters)') && message.length < 500;
      },
    );
  });
});

/** A loopback server standing for the API server and kubeopencode-server: it records and answers every request. */
async function recorder(): Promise<{ server: Server; url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.url?.includes('/pods') ? '{"kind":"PodList","items":[]}' : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function kubeconfig(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: c',
    '  cluster:',
    `    server: ${JSON.stringify(server)}`,
    // client-node refuses plain HTTP otherwise; the recorder is loopback HTTP.
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: u',
    '  user:',
    `    token: ${TOKEN}`,
    'contexts:',
    '- name: test',
    '  context:',
    '    cluster: c',
    '    user: u',
    'current-context: test',
    '',
  ].join('\n');
}

function listSessions(relay: AgentRelay): Promise<{ status: number; body: string }> {
  const authorization = 'Basic ' + Buffer.from(`opencode:${relay.password}`).toString('base64');
  return new Promise((resolve, reject) => {
    const req = request(`${relay.url}/session`, { headers: { authorization } }, (res: IncomingMessage) => {
      let body = '';
      res.on('data', (chunk) => (body += String(chunk)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a cluster name that is not a Kubernetes name makes no request', () => {
  let api: Awaited<ReturnType<typeof recorder>>;
  let backend: KubeBackend;

  before(async () => {
    api = await recorder();
    backend = createKubeBackend({ kubeconfigPath: writeKubeconfig(kubeconfig(api.url)), log: quietLog });
  });
  after(async () => {
    backend?.dispose();
    await new Promise((resolve) => api?.server.close(resolve));
    removeKubeconfigs();
  });

  const notAName = /^Error: The cluster gave a (Task|namespace|Agent) named "[^"]*", which is not a Kubernetes name \(a DNS-1123 /;
  const HOSTILE: Array<[string, string]> = [
    ['team', '..'],
    ['team', '.'],
    ['..', 'fix-login'],
    ['.', 'fix-login'],
    ['team', '../../../api/v1/stop'],
    ['team', 'fix-login/stop?x='],
    ['Team', 'fix-login'],
  ];

  test('Stop Task, by the annotation and through kubeopencode-server: refused before a request', async () => {
    for (const [namespace, name] of HOSTILE) {
      await assert.rejects(backend.stopTask({ context: 'test', namespace, name }), notAName, `${namespace}/${name}`);
      await assert.rejects(
        backend.stopTask({ context: 'test', namespace, name, kubeopencodeServer: api.url }),
        notAName,
        `${namespace}/${name}`,
      );
    }
    assert.deepEqual(api.seen, [], 'no request, with the token or without');
  });

  test('a positive control: a Task with a Kubernetes name is asked for, at its own path', async () => {
    await backend.stopTask({ context: 'test', namespace: 'team', name: 'fix-login' });
    await backend.stopTask({ context: 'test', namespace: 'team', name: 'fix-login', kubeopencodeServer: api.url });
    assert.deepEqual(api.seen.splice(0), [
      `PATCH /apis/kubeopencode.io/v1alpha1/namespaces/team/tasks/fix-login Bearer ${TOKEN}`,
      `POST /api/v1/namespaces/team/tasks/fix-login/stop Bearer ${TOKEN}`,
    ]);
  });

  test("an Agent's relay, each way: refused before a request", async () => {
    for (const access of ['serviceProxy', 'kubeopencodeServer', 'portForward'] as const)
      for (const [namespace, agent] of HOSTILE)
        await assert.rejects(
          backend.openRelay({ context: 'test', namespace, agent, port: 4096, access, kubeopencodeServer: api.url }),
          notAName,
          `${access} ${namespace}/${agent}`,
        );
    assert.deepEqual(api.seen, []);
  });

  test('the finished Tasks relay: a Task named `..` is unreadable, and kubeopencode-server is not asked', async () => {
    for (const [namespace, task] of HOSTILE) {
      const unreadable: Array<[string, string | undefined]> = [];
      const relay = await backend.openFinishedTasksRelay({
        context: 'test',
        namespace,
        kubeopencodeServer: api.url,
        sessions: () => [{ task, sessionId: 'ses_1' }],
        unreadable: (t, reason) => unreadable.push([t, reason]),
      });
      try {
        const answer = await listSessions(relay);
        assert.equal(answer.status, 200);
        assert.deepEqual(JSON.parse(answer.body), []);
        assert.equal(unreadable.length, 1, `${namespace}/${task}`);
        assert.match(unreadable[0][1] ?? '', /which is not a Kubernetes name/);
      } finally {
        relay.dispose();
      }
    }
    assert.deepEqual(api.seen, []);
  });
});
