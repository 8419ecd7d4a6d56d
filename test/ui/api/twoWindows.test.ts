// Two real VS Code windows (two VS Code servers, each with its own extension host, opened in Chromium) share
// one endpoints folder, as two windows on one machine do. A real OpenCode server loads the session_status
// plugin; its sessions lie in window A's folder or in window B's. The plugin asks the window holding its
// session's folder; once window A closes, A's entry is gone and B answers for A's folder too.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { ENDPOINT_DIR_VARIABLE, readEndpointInfo, type EndpointInfo } from '../../../src/client/discovery/endpointDiscovery';
import type { SessionStatus } from '../../../src/store/sessionStatus';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { freshDir, pluginScript } from '../../harness/paths';
import { createSession, prompt } from '../../harness/scenario';
import { text, toolCall } from '../../harness/scriptedModel';
import { waitFor } from '../../harness/waitFor';
import { openOpenCodeView, withWorkbench, type Workbench } from '../../vscode-server/workbench';
import { treeRows } from '../../vscode-server/treeRows';

/** Each window's hour budget and its name for the server: an answer says which window gave it. */
const WINDOWS = { A: { perHour: 7, server: 'seen from A' }, B: { perHour: 9, server: 'seen from B' } } as const;
type Name = keyof typeof WINDOWS;

let h: RunningHarness;
let endpoints: string;
const folder = {} as Record<Name, string>;
const session = {} as Record<Name, string>;

before(async () => {
  endpoints = join(freshDir('endpoints'), 'endpoints');
  const plugin = pathToFileURL(pluginScript()).href;
  h = await startHarness({ config: { plugin: [plugin] }, env: { [ENDPOINT_DIR_VARIABLE]: endpoints } });
  for (const name of ['A', 'B'] as const) {
    folder[name] = h.server.projectDir(`window-${name.toLowerCase()}`);
    session[name] = (await createSession(h, { title: `Session in ${name}`, directory: folder[name] })).id;
  }
});

after(async () => {
  await h?.dispose();
  if (endpoints) rmSync(dirname(endpoints), { recursive: true, force: true });
});

test('two windows: the plugin asks the window holding its folder, and the other once that one closed', { timeout: 600_000 }, async () => {
  const open = (name: Name, fn: (wb: Workbench) => Promise<void>) =>
    withWorkbench(
      `two-windows-${name}`,
      {
        workspace: folder[name],
        machineSettings: {
          'opencodeSessions.servers': [{ name: WINDOWS[name].server, url: h.server.url }],
          'opencodeSessions.budget.perHour': WINDOWS[name].perHour,
        },
        env: { [ENDPOINT_DIR_VARIABLE]: endpoints },
      },
      fn,
    );
  await open('B', async (b) =>
    open('A', async (a) => {
      // Both windows list both sessions: each could answer for either.
      for (const wb of [a, b]) {
        const pane = await openOpenCodeView(wb.page);
        for (const name of ['A', 'B'] as const) await treeRows(pane, `Session in ${name}`).first().waitFor({ timeout: 120_000 });
      }
      const entries = await waitFor(
        'one entry per window',
        () => windowEntries(),
        (e) => e.size === 2 && [...e.values()].every((i) => i.folders.length === 1),
      );
      const entryOf = (name: Name) => [...entries].find(([, info]) => info.folders[0] === folder[name])?.[0];
      const [fileA, fileB] = [entryOf('A'), entryOf('B')];
      assert.ok(fileA && fileB, `an entry with each window's folder: ${JSON.stringify([...entries.values()])}`);
      assert.notEqual(entries.get(fileA)!.pid, entries.get(fileB)!.pid, 'two extension hosts');

      assert.deepEqual(await askPlugin('A'), WINDOWS.A, "A's folder: window A answers");
      assert.deepEqual(await askPlugin('B'), WINDOWS.B, "B's folder: window B answers");

      // Window A closes as a browser tab does; its extension host shuts down and removes its own entry.
      await a.page.close({ runBeforeUnload: true });
      await waitFor(
        "window A's entry removed",
        () => [existsSync(fileA), existsSync(fileB)],
        ([ea, eb]) => !ea && eb,
      );
      // Closed, not just gone quiet: its extension host ends while its VS Code server still runs.
      await waitFor(
        "window A's extension host gone",
        () => alive(entries.get(fileA)!.pid),
        (up) => !up,
      );
      await a.close();
      assert.ok(existsSync(fileB), "window B's entry stays");
      assert.deepEqual(await askPlugin('A'), WINDOWS.B, "A's folder, window A closed: window B answers");
    }),
  );
});

/** Runs a model turn in the window's session that calls session_status; says which window's figures came back. */
async function askPlugin(name: Name): Promise<{ perHour: number | undefined; server: string | undefined }> {
  const id = session[name];
  const before = (await answers(name)).length;
  // The call and the reply after it spend nothing.
  await prompt(
    h,
    id,
    'how much is left?',
    [toolCall('session_status', {}, { prompt: 0, completion: 0 }), text('ok', { prompt: 0, completion: 0 })],
    { directory: folder[name] },
  );
  const all = await answers(name);
  assert.equal(all.length, before + 1, 'one more session_status answer');
  const status = all[all.length - 1];
  assert.equal(status.session?.id, id);
  return { perHour: status.budgets?.hour?.limit, server: status.session?.server };
}

/** Every completed session_status result in the session, oldest first, as the server recorded it. */
async function answers(name: Name): Promise<SessionStatus[]> {
  const messages = (await h.server.client(folder[name]).session.messages({ sessionID: session[name] })).data ?? [];
  return messages
    .flatMap((m) => m.parts)
    .flatMap((p) =>
      p.type === 'tool' && p.tool === 'session_status' && p.state.status === 'completed'
        ? [JSON.parse(p.state.output) as SessionStatus]
        : [],
    );
}

/** The discovery entries in the shared folder, by file. */
function windowEntries(): Map<string, EndpointInfo> {
  const entries = new Map<string, EndpointInfo>();
  for (const name of existsSync(endpoints) ? readdirSync(endpoints).filter((n) => /^window-.*\.json$/.test(n)) : []) {
    const info = readEndpointInfo(join(endpoints, name));
    if (info) entries.set(join(endpoints, name), info);
  }
  return entries;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
