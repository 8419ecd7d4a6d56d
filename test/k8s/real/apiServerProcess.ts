// A real kube-apiserver (built by scripts/kube-apiserver.sh) with etcd, in a private network namespace of its own
// (see inNamespace.ts), reachable from the tests on https://127.0.0.1:<random> with bearer tokens from a token
// file: `admin` and `developer` (system:masters) and `viewer` (no rights until a test binds a Role). Every request is written to
// an audit log, which is how tests see what reached the server. About 15 s to start, ~0.5 GB.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { freshDir, repoRoot } from '../../harness/paths';
import { spawnTracked, stopProcess } from '../../harness/processes';
import { makeSelfSignedCert } from '../selfSignedCert';
import { endpointSocket, type NamespaceConfig } from './namespaceLayout';
import { joinSockets } from './sockets';

/** What a test process needs to use a server another process started (see OCS_KUBE_APISERVER_INFO). */
export interface ApiServerInfo {
  url: string;
  caData: string;
  /** The tests' own setup (system:masters); kept apart so the audit log tells the extension's requests from it. */
  adminToken: string;
  /** What kubeconfigs for the extension carry (system:masters). */
  developerToken: string;
  /** No rights until a test binds a Role to user `viewer`. */
  viewerToken: string;
  /** Holds the unix sockets into the namespace and the audit log. */
  dir: string;
  /** e.g. "v1.20.2". */
  version: string;
}

export interface ApiServerProcess extends ApiServerInfo {
  stop(): Promise<void>;
}

/** The Agents' ports the namespace relays (kubeopencode's default, and one more for an Agent that sets spec.port). */
export const POD_PORTS = [4096, 4097];

const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: Metadata
`;

/** The binary scripts/kube-apiserver.sh built, or why there is none (its one line). */
export function kubeApiserverBinary(): { binary: string } | { unavailable: string } {
  try {
    const out = execFileSync('bash', [join(repoRoot(), 'scripts', 'kube-apiserver.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const binary = out.trim().split('\n').pop() ?? '';
    return existsSync(binary) ? { binary } : { unavailable: `scripts/kube-apiserver.sh printed no binary (${out.trim()})` };
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? '').trim();
    return {
      unavailable:
        stderr
          .split('\n')
          .pop()
          ?.replace(/^kube-apiserver: (not available: )?/, '') || String(err),
    };
  }
}

export async function startApiServer(binary: string): Promise<ApiServerProcess> {
  const dir = freshDir('kube-apiserver');
  const adminToken = randomBytes(16).toString('hex');
  const developerToken = randomBytes(16).toString('hex');
  const viewerToken = randomBytes(16).toString('hex');
  const { cert, key } = makeSelfSignedCert();
  const saKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  };
  const config: NamespaceConfig = {
    dir,
    apiserver: binary,
    etcd: 'etcd',
    adminToken,
    podPorts: POD_PORTS,
    apiserverFlags: [
      `--tls-cert-file=${file('apiserver.crt', cert)}`,
      `--tls-private-key-file=${file('apiserver.key', key)}`,
      `--token-auth-file=${file('tokens.csv', tokenFile(adminToken, developerToken, viewerToken))}`,
      '--authorization-mode=RBAC',
      `--service-account-key-file=${file('sa.key', saKey)}`,
      `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
      '--service-account-issuer=https://kubernetes.default.svc',
      '--service-cluster-ip-range=10.96.0.0/16',
      `--audit-policy-file=${file('audit-policy.yaml', AUDIT_POLICY)}`,
      `--audit-log-path=${join(dir, 'audit.log')}`,
      // Lists and watches are served from etcd, so that an etcd compaction expires a watch (410) the way a long
      // absence does on a cluster; with the cache, a watch cache's window would decide instead.
      '--watch-cache=false',
      '--profiling=false',
    ],
  };
  const child = spawnTracked(
    'unshare',
    ['-n', process.execPath, join(repoRoot(), 'out', 'test', 'k8s', 'real', 'inNamespace.js'), JSON.stringify(config)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    await ready(child, dir);
  } catch (err) {
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const relay = await listen(createServer((client) => joinSockets(client, connect(join(dir, 'apiserver.sock')))));
  const url = `https://127.0.0.1:${(relay.address() as { port: number }).port}`;
  const caData = Buffer.from(cert).toString('base64');
  const info: ApiServerInfo = { url, caData, adminToken, developerToken, viewerToken, dir, version: '' };
  // `kube-apiserver --version`: this build's /version answers a placeholder (v0.0.0-master+<commit>).
  info.version = execFileSync(binary, ['--version'], { encoding: 'utf8' })
    .trim()
    .replace(/^Kubernetes /, '');
  return {
    ...info,
    stop: async () => {
      relay.close();
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** kube-apiserver's token file: token,user,uid,"groups". */
function tokenFile(admin: string, developer: string, viewer: string): string {
  return [`${admin},admin,admin,system:masters`, `${developer},developer,developer,system:masters`, `${viewer},viewer,viewer`, ''].join(
    '\n',
  );
}

function ready(child: ChildProcess, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let said = '';
    child.stderr?.on('data', (chunk: Buffer) => (said += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => {
      const log = join(dir, 'apiserver.log');
      const tail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-5).join('\n') : '';
      reject(new Error(`the API server's namespace exited (${code}): ${said.trim()}\n${tail}`));
    });
  });
}

function listen(server: Server, path?: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    if (path) server.listen(path, () => resolve(server));
    else server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Serves a pod address of the namespace: connections to `address:port` there reach `upstream` (host:port) here. */
export async function serveEndpoint(info: ApiServerInfo, address: string, port: number, upstream: URL): Promise<() => void> {
  const path = endpointSocket(info.dir, address, port);
  rmSync(path, { force: true });
  const server = await listen(
    createServer((client) => joinSockets(client, connect(Number(upstream.port), upstream.hostname))),
    path,
  );
  return () => {
    server.close();
    rmSync(path, { force: true });
  };
}
