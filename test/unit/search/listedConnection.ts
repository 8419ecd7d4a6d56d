// What an indexer reads of a server in the search tests: its API (through `url`, often a proxy) and its sessions as
// the server lists them now, those of one test only (the server keeps the other tests' sessions).
import type { ServerConnection } from '../../../src/client/serverConnection';
import { V1Api } from '../../../src/client/v1/api';
import { SessionStore } from '../../../src/store/sessionStore';

export async function connectionOf(url: string, only: readonly string[]): Promise<ServerConnection> {
  const api = new V1Api({ url });
  const sessions = new SessionStore();
  sessions.loadSnapshot((await api.listSessions({})).sessions.filter((s) => only.includes(s.id)));
  return { label: 'local', api, sessions, endpoint: () => Promise.resolve({ url }) } as unknown as ServerConnection;
}
