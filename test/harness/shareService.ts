// A stand-in for OpenCode's share service (opncd.ai), on loopback: what a real `opencode serve` 1.x posts to when a
// session is shared (its config's `enterprise.url` points here; the routes are OpenCode 1.18's ShareNext: `POST
// /api/share` → {id, url, secret}, `POST /api/share/{id}/sync`, `DELETE /api/share/{id}`). The server under test is
// real; only the web service it publishes to is stood in for, as the scripted model stands in for a provider. It
// records what it was asked, so a test can see the server really shared and stopped sharing.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ShareCall {
  method: string;
  path: string;
  /** The session a share was made for (POST /api/share's body). */
  sessionID?: string;
}

export class ShareService {
  private server?: Server;
  readonly calls: ShareCall[] = [];
  /** Share links made, by share id. */
  readonly links = new Map<string, string>();

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('the share service is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const call: ShareCall = { method: req.method ?? '', path };
        let answer: unknown = {};
        if (req.method === 'POST' && path === '/api/share') {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { sessionID?: string };
          call.sessionID = body.sessionID;
          const id = randomBytes(6).toString('hex');
          const url = `https://share.opencode.test/s/${id}`;
          this.links.set(id, url);
          answer = { id, url, secret: randomBytes(12).toString('hex') };
        }
        this.calls.push(call);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
