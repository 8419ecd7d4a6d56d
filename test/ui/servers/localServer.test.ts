// A person's view of the default: no server configured and none on the probe URL, so the Sessions view
// welcomes with "Start Local Server"; clicking it starts a real `opencode serve` whose row appears
// online, and "Stop Local Server" brings the welcome back.
import * as assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { freePort } from '../../harness/freePort';
import { opencodeBinary } from '../../harness/paths';
import { seedPluginDeps } from '../../harness/pluginDeps';
import { openOpenCodeView, runCommand, screenshot, withWorkbench } from '../../vscode-server/workbench';
import { treeRows } from '../../vscode-server/treeRows';

const saved = { probe: process.env.OCS_LOCAL_PROBE_URL };

before(async () => {
  // The extension host inherits the VS Code server's environment, which is ours: the probe looks at a
  // port where nothing listens instead of this machine's 127.0.0.1:4096 (OCS_LOCAL_PROBE_URL is test-only).
  process.env.OCS_LOCAL_PROBE_URL = `http://127.0.0.1:${await freePort()}`;
});

after(() => {
  if (saved.probe === undefined) delete process.env.OCS_LOCAL_PROBE_URL;
  else process.env.OCS_LOCAL_PROBE_URL = saved.probe;
});

test('the welcome view starts a local server, and Stop brings the welcome back', { timeout: 240_000 }, async () => {
  let port: number | undefined;
  try {
    await withWorkbench('local-server', { viewport: { width: 1280, height: 720 } }, async ({ page, server }) => {
      // Where opencode is, as the user would set it. In a remote window a machine-scoped setting comes only
      // from the remote machine's settings (<user-data-dir>/Machine here), never the User settings file;
      // and PATH cannot carry it: the server replaces the extension host's PATH with a login shell's.
      // Written first: VS Code notices the file while the view opens.
      writeJson(join(server.workDir, 'user-data', 'Machine', 'settings.json'), {
        'opencodeSessions.localServer.binaryPath': opencodeBinary(),
      });
      // OpenCode's install for the plugin the embedded server loads, as an earlier start left it (pluginDeps.ts).
      seedPluginDeps(join(server.workDir, 'home', '.config', 'opencode'));
      const pane = await openOpenCodeView(page);
      await pane
        .getByText('No OpenCode server is configured, no OpenCode 2 service is registered, and none answers on 127.0.0.1:4096.')
        .waitFor({ timeout: 60_000 });
      await screenshot(page, 'local-server-welcome');
      await pane.getByRole('button', { name: 'Start Local Server' }).click();

      const row = treeRows(pane, 'embedded').first();
      await row.locator('.label-description', { hasText: /online/ }).waitFor({ timeout: 60_000 });
      const description = (await row.locator('.label-description').textContent())?.trim() ?? '';
      const match = description.match(/^online · 127\.0\.0\.1:(\d+) · v[\d.]+$/);
      assert.ok(match, `row description: ${description}`);
      port = Number(match[1]);
      assert.notEqual(port, 4096);
      assert.ok(opencodeOn(port), 'an opencode serve process listens on that port');
      console.log(`screenshot: ${await screenshot(page, 'local-server')}`);

      await runCommand(page, 'OpenCode: Stop Local Server');
      await pane.getByRole('button', { name: 'Start Local Server' }).waitFor({ timeout: 30_000 });
      assert.equal(await treeRows(pane, 'embedded').count(), 0);
      const stopped = port;
      for (let i = 0; i < 50 && opencodeOn(stopped); i++) await page.waitForTimeout(100);
      assert.equal(opencodeOn(stopped), undefined, 'the process is gone');
    });
  } finally {
    // Safety net if the test failed half-way: never leave our opencode running.
    const leftover = port === undefined ? undefined : opencodeOn(port);
    if (leftover) process.kill(leftover, 'SIGKILL');
  }
});

/** The pid of an `opencode serve … --port <port>` process, if one runs. */
function opencodeOn(port: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes('serve') && args.join(' ').includes(`--port ${port}`) && /opencode/.test(args[0])) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2));
}
