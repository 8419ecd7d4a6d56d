// A stand-in for OpenCode Go's usage endpoint (`GET /zen/go/v1/usage`) on loopback, answering the shapes of
// OpenCode's console (packages/console/app/src/routes/zen/go/v1/usage.ts, commit 025deac6): the real service
// cannot be reached from the test machines. Tests set what it answers next and read what it was asked.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export const GO_STAND_IN_KEY = 'go-test-key-0123456789';

export type StandInAnswer =
  | { percents: [number, number, number]; resets?: [number, number, number]; rateLimited?: boolean }
  | { status: number; body?: unknown; retryAfter?: string }
  | { close: true };

export interface GoStandIn {
  /** The base URL to set as opencodeSessions.go.baseUrl. */
  baseUrl: string;
  answer: StandInAnswer;
  /** The Authorization headers it was sent, oldest first. */
  readonly asked: string[];
  close(): Promise<void>;
}

export async function startGoStandIn(answer: StandInAnswer): Promise<GoStandIn> {
  const asked: string[] = [];
  const state: { answer: StandInAnswer } = { answer };
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/zen/go/v1/usage') {
      res.writeHead(404).end();
      return;
    }
    const auth = req.headers.authorization ?? '';
    asked.push(auth);
    const a = state.answer;
    if ('close' in a) {
      req.socket.destroy();
      return;
    }
    if (auth !== `Bearer ${GO_STAND_IN_KEY}`)
      return json(res, 401, { type: 'error', error: { type: 'AuthError', message: auth ? 'Unauthorized' : 'Missing API key.' } });
    if ('status' in a) {
      if (a.retryAfter) res.setHeader('retry-after', a.retryAfter);
      return json(
        res,
        a.status,
        a.body ?? { type: 'error', error: { type: 'EntitlementError', message: 'OpenCode Go subscription required.' } },
      );
    }
    const now = Date.now();
    const resets = a.resets ?? [now + 3 * 3_600_000, now + 4 * 86_400_000, now + 20 * 86_400_000];
    const window = (i: number) => ({
      status: a.rateLimited && a.percents[i] >= 100 ? 'rate-limited' : 'ok',
      percent: a.percents[i],
      resetsAt: new Date(resets[i]).toISOString(),
    });
    json(res, 200, { workspaceID: 'wrk_test', userID: 'usr_test', usage: { rolling: window(0), weekly: window(1), monthly: window(2) } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/zen/go/v1`,
    get answer() {
      return state.answer;
    },
    set answer(a: StandInAnswer) {
      state.answer = a;
    },
    asked,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
