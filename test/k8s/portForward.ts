// The pod port-forward subresource as a real kube-apiserver serves it to a WebSocket client such as
// @kubernetes/client-node: the apiserver proxies the upgrade to the kubelet, whose handshake and framing
// (pkg/kubelet/cri/streaming/portforward/websocket.go) are reproduced here. Per port i, channel 2i carries
// the TCP bytes both ways and channel 2i+1 carries error text; each starts with the port, 2 bytes LE.
import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { KubeStatus } from './status';

/** The kubelet's port-forward protocols. v5 (which client-node offers first) is exec/attach only. */
const BINARY = 'v4.channel.k8s.io';
const BASE64 = 'v4.base64.channel.k8s.io';

/** Like golang.org/x/net/websocket's handshake: the client's first offer that is supported; no offer means "". */
export function chooseProtocol(offered: string[]): string | undefined {
  const list = offered.length ? offered : [''];
  return list.find((p) => p === '' || p === BINARY || p === BASE64);
}

/** A plain HTTP answer on a socket whose upgrade is refused, e.g. 401/403/404 with a Status body. */
export function refuseUpgrade(socket: Duplex, code: number, reason: string, body?: KubeStatus | string): void {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'object' ? 'application/json' : 'text/plain; charset=utf-8';
  const head = [`HTTP/1.1 ${code} ${reason}`, `Content-Type: ${type}`, `Content-Length: ${Buffer.byteLength(text)}`, 'Connection: close'];
  socket.end(`${head.join('\r\n')}\r\n\r\n${text}`);
}

/** The `ports` query parameter (repeated or comma-separated), or the kubelet's error text. */
export function parsePorts(url: URL): number[] | string {
  const raw = url.searchParams
    .getAll('ports')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (!raw.length) return 'query parameter "port" is required';
  const ports: number[] = [];
  for (const text of raw) {
    const port = Number(text);
    if (!/^\d+$/.test(text) || port > 65535) return `unable to parse "${text}" as a port: invalid syntax`;
    if (port === 0) return `port "${text}" must be > 0`;
    ports.push(port);
  }
  return ports;
}

/** `host:port` or a URL (http: 80, https: 443 when it names no port). */
function hostAndPort(target: string): { host: string; port: number } {
  if (target.includes('://')) {
    const url = new URL(target);
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) };
  }
  const colon = target.lastIndexOf(':');
  return { host: target.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(target.slice(colon + 1)) };
}

export interface ForwardedPod {
  name: string;
  uid: string;
  ports: number[];
  /** Where the pod's port really is; undefined: nothing listens there (the kubelet's dial is refused). */
  upstream: (port: number) => string | undefined;
}

export class PortForwarder {
  private readonly wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => chooseProtocol([...offered]) ?? false });
  private readonly upstreams = new Set<Socket>();

  /** Completes the upgrade and returns 101, or refuses it (403, as the kubelet does for unknown subprotocols). */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, pod: ForwardedPod): number {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (chooseProtocol(offered) === undefined) {
      refuseUpgrade(socket, 403, 'Forbidden');
      return 403;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws, pod));
    return 101;
  }

  /** Ends every forward, as the apiserver going away would. */
  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    for (const tcp of this.upstreams) tcp.destroy();
    this.wss.close();
  }

  private serve(ws: WebSocket, pod: ForwardedPod): void {
    const base64 = ws.protocol === BASE64;
    const send = (channel: number, data: Buffer) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(base64 ? String.fromCharCode(48 + channel) + data.toString('base64') : Buffer.concat([Buffer.from([channel]), data]));
    };
    const tcps: (Socket | undefined)[] = [];
    let open = pod.ports.length;
    // The kubelet closes the connection once every port's forward has ended.
    const done = () => {
      if (--open === 0 && ws.readyState === WebSocket.OPEN) ws.close(1000);
    };

    pod.ports.forEach((port, i) => {
      const portBytes = Buffer.alloc(2);
      portBytes.writeUInt16LE(port);
      send(2 * i, portBytes);
      send(2 * i + 1, portBytes);
      const fail = (reason: string) => {
        send(2 * i + 1, Buffer.from(`error forwarding port ${port} to pod ${pod.name}, uid ${pod.uid}: ${reason}`));
        done();
      };
      const target = pod.upstream(port);
      if (!target) {
        return fail(
          `failed to connect to localhost:${port} inside namespace "${pod.uid}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused`,
        );
      }
      // Like the container runtime, dial as soon as the stream is set up, not on the first byte.
      const tcp = connect(hostAndPort(target));
      tcps[i] = tcp;
      this.upstreams.add(tcp);
      let failed = false;
      tcp.on('data', (chunk: Buffer) => send(2 * i, chunk));
      tcp.on('error', (err) => {
        failed = true;
        fail(err.message);
      });
      tcp.on('close', () => {
        this.upstreams.delete(tcp);
        if (!failed) done();
      });
    });

    ws.on('message', (raw, isBinary) => {
      // A Buffer: `ws` delivers RawData as one Buffer under the default binaryType, 'nodebuffer'.
      const data = raw as Buffer;
      let channel: number;
      let payload: Buffer;
      if (base64 && !isBinary) {
        const text = data.toString();
        channel = text.charCodeAt(0) - 48;
        payload = Buffer.from(text.slice(1), 'base64');
      } else {
        channel = data[0];
        payload = data.subarray(1);
      }
      // Only data channels are readable; frames for anything else are dropped, as the kubelet does.
      if (channel % 2 === 0 && payload.length) tcps[channel / 2]?.write(payload);
    });
    const closeAll = () => tcps.forEach((tcp) => tcp?.destroy());
    ws.on('close', closeAll);
    ws.on('error', closeAll);
  }
}
