// An OpenCode 2 service found as a new user's machine would have it: its registration in
// `<XDG_STATE_HOME>/opencode/service.json`, which the extension reads from the extension host's environment on
// every look, and a look made by taking the server settings from one server to none.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtensionApi } from '../../../src/extension';
import { costBadge } from '../../../src/present/format';
import { addUsage, usageOf, type Usage } from '../../../src/store/usage';
import { freePort } from '../../harness/freePort';
import type { Registration } from '../../harness/opencode2Service';
import { configureServers, waitFor } from './extensionApi';

/** The OpenCode 2 binary these cases run on; without it they are skipped and their titles say so. */
export const OC2 = process.env.OCS_OPENCODE2;
export const SKIP_WITHOUT_OC2 = 'skipped: OCS_OPENCODE2 names no OpenCode 2 binary';
export const oc2it = (title: string, fn: () => Promise<void>) => (OC2 ? it(title, fn) : it.skip(`${title} (${SKIP_WITHOUT_OC2})`, fn));

/** A session as `GET /api/session` lists it (what these tests compare). */
export interface V2Session {
  id: string;
  parentID?: string;
  title?: string;
  cost: number;
  tokens: { input: number; output: number; reasoning: number; cache: { read: number; write: number } };
}

/** Settings going from a server to none make the extension look again (service.json, then the probe URL). */
export async function lookAgain(api: ExtensionApi, outcome?: 'found' | 'none'): Promise<void> {
  await configureServers([{ name: 'placeholder', url: `http://127.0.0.1:${await freePort()}` }]);
  await waitFor(
    'the look to be skipped',
    () => api.localServer.probeState,
    (s) => s === 'skipped',
  );
  await configureServers([]);
  if (outcome)
    await waitFor(
      `the look to find ${outcome === 'none' ? 'nothing' : 'the service'}`,
      () => api.localServer.probeState,
      (s) => s === outcome,
    );
}

/** Writes a registration where the extension looks (`<state>/opencode/service.json`, private as OpenCode writes it). */
export function writeRegistration(stateHome: string, registration: Registration): string {
  mkdirSync(join(stateHome, 'opencode'), { recursive: true });
  const file = join(stateHome, 'opencode', 'service.json');
  writeFileSync(file, JSON.stringify(registration), { mode: 0o600 });
  return file;
}

/** The row's money worked out from the server's records (these sessions have no grandchildren). */
export function expectedCost(all: V2Session[], session: V2Session): string {
  const usage = (s: V2Session): Usage => usageOf(s.tokens, s.cost);
  const children = all.filter((s) => s.parentID === session.id);
  const inclusive = children.reduce<Usage>((sum, s) => addUsage(sum, usage(s)), usage(session));
  return costBadge(usage(session), inclusive, children.length > 0);
}
