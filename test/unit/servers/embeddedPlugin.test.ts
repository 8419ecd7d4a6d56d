// The server the extension starts gets the session_status tool: a real `opencode serve` started by
// EmbeddedServer with the extension's plugin in its config, next to a plugin from the user's own config.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { sessionStatusPluginUrl } from '../../../src/app/servers/pluginLocation';
import { EmbeddedServer } from '../../../src/features/servers/embeddedServer';
import { opencodeBinary, repoRoot } from '../../harness/paths';
import { WAIT_LIMIT_MS } from '../../harness/waitFor';

const home = mkdtempSync(join(tmpdir(), 'ocs-embedded-plugin-'));
after(() => rmSync(home, { recursive: true, force: true }));

test("the embedded server offers session_status, and keeps the user's own plugins", { timeout: 3 * WAIT_LIMIT_MS }, async () => {
  const own = join(home, 'own-plugin.js');
  writeFileSync(
    own,
    "export const Own = async () => ({ tool: { users_own_tool: { description: 'mine', args: {}, async execute() { return 'mine'; } } } });\n",
  );
  mkdirSync(join(home, '.config', 'opencode'), { recursive: true });
  writeFileSync(join(home, '.config', 'opencode', 'opencode.json'), JSON.stringify({ plugin: [pathToFileURL(own).href] }));
  const server = await EmbeddedServer.start({
    binary: opencodeBinary(),
    cwd: home,
    // Its own HOME, as a user's machine has: only the variables a server needs from ours.
    baseEnv: { PATH: process.env.PATH, HOME: home },
    config: { plugin: [sessionStatusPluginUrl(repoRoot())] },
  });
  try {
    const response = await fetch(`${server.url}/experimental/tool/ids`, {
      headers: { authorization: `Basic ${Buffer.from(`opencode:${server.password}`).toString('base64')}` },
      // The first listing waits for OpenCode's own install of the plugins' package (14–34 s here; over 60 s once with
      // the unit files two at a time on a busy machine; over 120 s with both cores kept busy beside six other test
      // runs): twice the tests' generous limit, not a guess of our own.
      signal: AbortSignal.timeout(2 * WAIT_LIMIT_MS),
    });
    const ids = (await response.json()) as string[];
    assert.ok(ids.includes('bash'), `the built-in tools are there: ${ids.join(', ')}`);
    assert.ok(ids.includes('session_status'), 'the extension’s plugin');
    assert.ok(ids.includes('users_own_tool'), "the user's plugin stays");
  } finally {
    await server.stop();
  }
});
