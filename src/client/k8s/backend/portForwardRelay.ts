// A loopback listener that reaches an Agent's OpenCode server by Kubernetes port-forward: each accepted TCP
// connection becomes one port-forward WebSocket to a pod of the Agent (port-forward is per pod, one port per
// call). Used when the service proxy is not allowed or not wanted. Never imports vscode.
// A connection must first show the relay's random password (Basic auth on its first request) before any
// port-forward is opened for it; later requests on the same connection come from the same client.
import { createServer, type Server, type Socket } from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import { CoreV1Api, PortForward, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { AgentRelay, BackendLogger } from '../kubeBackend';
import { kubeName } from '../kubeNames';
import { errorMessage } from './clusterProblems';
import { newRelayAuth, type RelayAuth } from './relayAuth';

const AGENT_LABEL = 'kubeopencode.io/agent';

export interface PortForwardTarget {
  namespace: string;
  agent: string;
  port: number;
}

// The part of the WebSocket client-node's PortForward returns that the relay uses (structural, so the
// product code needs no direct `ws` import of its own).
interface ForwardSocket {
  readonly readyState: number;
  on(event: 'close', listener: () => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  close(): void;
}
const CONNECTING = 0;
const OPEN = 1;
/** The first request's head must fit in this and arrive within HEAD_TIMEOUT_MS, or the connection is closed. */
const MAX_HEAD_BYTES = 64 * 1024;
const HEAD_TIMEOUT_MS = 15_000;

export async function openPortForwardRelay(kc: KubeConfig, target: PortForwardTarget, log: BackendLogger): Promise<AgentRelay> {
  const { namespace, port } = target;
  // The cluster's names go into client-node's URLs and a label selector: checked first (kubeNames.ts).
  kubeName('namespace', namespace);
  kubeName('Agent', target.agent);
  const core = kc.makeApiClient(CoreV1Api);
  const forward = new PortForward(kc);
  let current = await findPod(core, target);
  // The pod every new connection goes to; replaced by a fresh lookup after a failure, shared so that
  // connections failing together cause one lookup.
  let podName: Promise<string> = Promise.resolve(current);
  const lookUp = (): Promise<string> => {
    const next = findPod(core, target).then((name) => (current = name));
    next.catch(() => undefined); // awaited by the next connection, which reports it
    return next;
  };
  const sockets = new Set<Socket>();
  const auth = newRelayAuth();
  let disposed = false;

  // A pod that stays missing (a suspended Agent) fails every connection alike: logged once, until it changes.
  let missing: string | undefined;
  const relay = async (socket: Socket, input: PassThrough): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      const used = podName;
      let name: string;
      try {
        name = await used;
      } catch (err) {
        const message = `port-forward to Agent ${namespace}/${target.agent}: ${errorMessage(err)}`;
        if (message !== missing) log.warn(message);
        missing = message;
        if (podName === used) podName = lookUp();
        socket.destroy();
        return;
      }
      missing = undefined;
      if (socket.destroyed || disposed) return;
      const errors = errorSink((text) => {
        log.warn(`port-forward to pod ${namespace}/${name}:${port}: ${text}`);
        if (podName === used) podName = lookUp();
      });
      try {
        // `input` is not read until client-node attaches its 'data' listener once the WebSocket is open,
        // so what the client sent meanwhile waits in it, and a retry below loses nothing.
        const ws = (await forward.portForward(namespace, name, [port], socket, errors, input)) as ForwardSocket;
        pipe(ws, socket, (err) => log.warn(`port-forward to pod ${namespace}/${name}:${port}: ${err.message}`));
        return;
      } catch (err) {
        log.warn(`port-forward to pod ${namespace}/${name}:${port} failed: ${errorMessage(err)}`);
        // The pod may be gone (deleted, rescheduled): look again, and retry this connection once if
        // another pod has taken over.
        if (podName === used) podName = lookUp();
        const next = await podName.catch(() => name);
        if (attempt > 0 || next === name || socket.destroyed || disposed) {
          socket.destroy();
          return;
        }
      }
    }
  };

  const server: Server = createServer((socket) => {
    if (disposed) return void socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A reset from the local client: 'close' follows and ends the WebSocket.
    socket.on('error', () => undefined);
    void admit(socket, auth).then((input) => (input && !disposed ? relay(socket, input) : undefined));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: anyone who can connect reaches the Agent with the kubeconfig's credentials.
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const localPort = typeof address === 'object' && address ? address.port : 0;
  log.info(`port-forward relay for Agent ${namespace}/${target.agent} on 127.0.0.1:${localPort} → pod ${current}:${port}`);

  return {
    url: `http://127.0.0.1:${localPort}`,
    password: auth.password,
    get via() {
      return `pod ${current}:${port} (port-forward)`;
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      server.close();
      // Destroying a socket ends its WebSocket too (see pipe).
      for (const socket of sockets) socket.destroy();
    },
  };
}

/**
 * Reads the connection's first request head and checks its Authorization header. Authorized: a stream
 * that yields everything the client sent, from the first byte on. Otherwise the client gets a 401 (or 431
 * for a head too large; nothing for a silent one) and the connection is closed; no port-forward is opened.
 */
function admit(socket: Socket, auth: RelayAuth): Promise<PassThrough | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (input: PassThrough | undefined) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(input);
    };
    const refuse = (status: string) => {
      done(undefined);
      socket.end(
        `HTTP/1.1 ${status}\r\nWWW-Authenticate: Basic realm="opencode"\r\nContent-Type: text/plain\r\nContent-Length: ${status.length}\r\nConnection: close\r\n\r\n${status}`,
      );
    };
    const onClose = () => done(undefined);
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      const received = Buffer.concat(chunks);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) {
        if (size > MAX_HEAD_BYTES) refuse('431 Request Header Fields Too Large');
        return;
      }
      if (!auth.accepts(authorizationOf(received.subarray(0, end).toString('latin1')))) return refuse('401 Unauthorized');
      done(forwardInput(socket, received));
    };
    const timer = setTimeout(() => {
      done(undefined);
      socket.destroy();
    }, HEAD_TIMEOUT_MS);
    socket.on('data', onData);
    socket.on('close', onClose);
  });
}

/** The single Authorization header of a request head; undefined when there is none or more than one. */
export function authorizationOf(head: string): string | undefined {
  const values = head
    .split('\r\n')
    .slice(1)
    .flatMap((line) => (/^authorization:/i.test(line) ? [line.slice(line.indexOf(':') + 1).trim()] : []));
  return values.length === 1 ? values[0] : undefined;
}

/** What was already read, then the rest of the socket, as one stream that waits until someone reads it. */
function forwardInput(socket: Socket, received: Buffer): PassThrough {
  const input = new PassThrough();
  input.write(received);
  socket.pipe(input);
  return input;
}

/** A Running pod of the Agent, a Ready one first; rejects with a message that says what is missing. */
async function findPod(core: CoreV1Api, target: PortForwardTarget): Promise<string> {
  const labelSelector = `${AGENT_LABEL}=${target.agent}`;
  let pods: V1Pod[];
  try {
    pods = (await core.listNamespacedPod({ namespace: target.namespace, labelSelector })).items;
  } catch (err) {
    throw new Error(`Cannot list the pods of Agent ${target.namespace}/${target.agent}: ${errorMessage(err)}`, { cause: err });
  }
  const running = pods.filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp && p.metadata?.name);
  const ready = running.find((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  const pod = ready ?? running[0];
  if (!pod) {
    const seen = pods.length ? ` (pods: ${pods.map((p) => `${p.metadata?.name} ${p.status?.phase ?? 'unknown'}`).join(', ')})` : '';
    throw new Error(
      `Agent ${target.namespace}/${target.agent} has no running pod with label ${labelSelector}${seen}; it may be suspended or starting.`,
    );
  }
  // A pod's name from the cluster, for the port-forward's URL.
  return kubeName('Pod', pod.metadata!.name!);
}

/** Ends the TCP connection with the WebSocket, and the WebSocket with the TCP connection. */
function pipe(ws: ForwardSocket, socket: Socket, onError: (err: Error) => void): void {
  // end(), not destroy(): what the pod already sent is still written to the client.
  ws.on('close', () => socket.end());
  ws.on('error', (err) => {
    onError(err);
    socket.destroy();
  });
  // client-node closes the WebSocket on the socket's 'end' only; a reset or dispose() needs this.
  const close = () => {
    if (ws.readyState === CONNECTING || ws.readyState === OPEN) ws.close();
  };
  // The socket may have gone (client gave up, dispose()) while the WebSocket was being opened.
  if (socket.destroyed) close();
  else socket.on('close', close);
}

/** Collects what the pod side writes on the port's error channel (the port-number prefix is already stripped). */
function errorSink(report: (text: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const text = chunk.toString().trim();
      if (text) report(text);
      callback();
    },
  });
}
