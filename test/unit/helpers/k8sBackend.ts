// Shared by the Kubernetes backend tests: kubeconfig files for the stand-in, a snapshot recorder that
// waits by polling, and a TCP forwarder that can be cut and restored to make the apiserver drop away.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendLogger, ClusterSnapshot } from '../../../src/client/k8s/kubeBackend';
import type { KubeObject } from '../../k8s/objects';

export const quietLog: BackendLogger & { lines: string[] } = {
  lines: [],
  info(message) {
    this.lines.push(`info ${message}`);
  },
  warn(message) {
    this.lines.push(`warn ${message}`);
  },
};

const dirs: string[] = [];

/** Writes a kubeconfig to a fresh temp directory; removeKubeconfigs() deletes them all. */
export function writeKubeconfig(yaml: string, name = 'config'): string {
  const dir = mkdtempSync(join(tmpdir(), 'ocs-kube-'));
  dirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

export function removeKubeconfigs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | false,
  timeoutMs = 10_000,
  describeLast?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${describeLast ? `; last: ${describeLast()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Records every snapshot a watcher delivers. */
export class SnapshotRecorder {
  readonly snapshots: ClusterSnapshot[] = [];
  readonly listener = (snapshot: ClusterSnapshot): void => void this.snapshots.push(snapshot);

  get last(): ClusterSnapshot | undefined {
    return this.snapshots.at(-1);
  }

  /** The first snapshot from now on (or the latest one) that satisfies `predicate`. */
  until(what: string, predicate: (s: ClusterSnapshot) => boolean, timeoutMs = 10_000): Promise<ClusterSnapshot> {
    return waitUntil(
      what,
      () => (this.last && predicate(this.last) ? this.last : undefined),
      timeoutMs,
      () => summary(this.last),
    );
  }
}

export function summary(s: ClusterSnapshot | undefined): string {
  if (!s) return 'no snapshot';
  return JSON.stringify({
    state: s.state,
    problem: s.problem,
    namespaces: s.namespaces,
    fallback: s.fallback,
    agents: s.agents.map((a) => `${a.metadata.namespace}/${a.metadata.name}`),
    tasks: s.tasks.map((t) => `${t.metadata.namespace}/${t.metadata.name}:${t.status?.phase}`),
  });
}

export const names = (objects: { metadata: { namespace: string; name: string } }[]): string[] =>
  objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);

/** What the stand-in stored, minus the resourceVersion it assigned. */
export function withoutVersion(o: KubeObject | { metadata: object }): unknown {
  const copy = structuredClone<{ metadata: { resourceVersion?: string } }>(o);
  delete copy.metadata.resourceVersion;
  return copy;
}

/** A TCP forwarder to the stand-in that can be cut (connections dropped, port closed) and restored. */
export interface Forwarder {
  port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  stop(): Promise<void>;
}

export async function startForwarder(targetPort: number): Promise<Forwarder> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream);
        upstream.pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  await listen();
  return { port, cut, restore: listen, stop: cut };
}
