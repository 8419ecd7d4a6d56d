// An OpenCode 2 service found as a new user's machine would have it: its registration in
// `<XDG_STATE_HOME>/opencode/service.json`, which the extension reads from the extension host's environment on
// every look, and a look made by taking the server settings from one server to none.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtensionApi } from '../../../src/extension';
import { costBadge, formatCost } from '../../../src/present/format';
import { addUsage, usageOf, type Usage } from '../../../src/store/usage';
import { freePort } from '../../harness/freePort';
import { isOpencode2 } from '../../harness/opencode2';
import type { Registration } from '../../harness/opencode2Service';
import { configureServers, waitFor } from './extensionApi';

/**
 * Whether these cases run: in the `opencode2` stage (OCS_SERVER=opencode2), on the OpenCode 2 binary OCS_OPENCODE2
 * names, else on 1.18.33 behind the release-shape adapter. Elsewhere they are skipped and their titles say so.
 */
export const OC2 = isOpencode2();
/** The OpenCode 2 binary, when one is named; undefined: the release-shape adapter. */
export const OC2_BINARY = process.env.OCS_OPENCODE2 || undefined;
export const SKIP_WITHOUT_OC2 = 'skipped: the OpenCode 2 cases run in the opencode2 stage (OCS_SERVER=opencode2)';
export const oc2it = (title: string, fn: () => Promise<void>) => (OC2 ? it(title, fn) : it.skip(`${title} (${SKIP_WITHOUT_OC2})`, fn));
/** A case that needs an OpenCode 2 binary of its own (the extension starts it): skipped on the adapter, saying why. */
export const oc2BinaryIt = (title: string, fn: () => Promise<void>) =>
  OC2 && OC2_BINARY
    ? it(title, fn)
    : it.skip(`${title} (${OC2 ? 'skipped: the extension runs this binary itself; OCS_OPENCODE2 names none' : SKIP_WITHOUT_OC2})`, fn);

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

/** A server row's leading money: what every session it lists cost, each once (serverTreeItem.ts). */
export function expectedServerCost(all: V2Session[]): string {
  return formatCost(all.reduce((sum, s) => sum + s.cost, 0));
}
