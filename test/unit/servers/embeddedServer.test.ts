// The embedded `opencode serve` process, driven with fake binaries (sh scripts) so the process handling
// is tested fast: ready line, stop, early exit with redacted output, timeout, cancel, env (the fakes read
// OPENCODE_TEST_FAKE_DIR: only allowlisted variables reach them).
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { EmbeddedServer, redact, serverEnv } from '../../../src/features/servers/embeddedServer';

const dir = mkdtempSync(join(tmpdir(), 'ocs-embedded-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function fakeBinary(name: string, script: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitDead(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

describe('EmbeddedServer', { skip: process.platform === 'win32' && 'uses sh scripts' }, () => {
  test('starts on a free loopback port with a password, and stop() ends it', async () => {
    // $5 is the port: serve --hostname 127.0.0.1 --port N.
    const binary = fakeBinary(
      'opencode-ok',
      [
        'echo "$1 $2 $3 $4 $5" > "$OPENCODE_TEST_FAKE_DIR/args"',
        '[ -n "$OPENCODE_SERVER_PASSWORD" ] && echo set > "$OPENCODE_TEST_FAKE_DIR/password"',
        'echo "opencode server listening on http://127.0.0.1:$5"',
        'exec sleep 300',
      ].join('\n'),
    );
    const server = await EmbeddedServer.start({ binary, cwd: dir, baseEnv: { PATH: process.env.PATH, OPENCODE_TEST_FAKE_DIR: dir } });
    const [serve, hostFlag, host, portFlag, port] = readFileSync(join(dir, 'args'), 'utf8').trim().split(' ');
    assert.deepEqual([serve, hostFlag, host, portFlag], ['serve', '--hostname', '127.0.0.1', '--port']);
    assert.ok(Number(port) > 0 && Number(port) !== 4096, `port ${port}`);
    assert.equal(server.url, `http://127.0.0.1:${port}`);
    assert.equal(readFileSync(join(dir, 'password'), 'utf8').trim(), 'set');
    assert.ok(server.password.length >= 32, 'a long random password');
    const pid = server.pid!;
    assert.ok(server.running && alive(pid));
    await server.stop();
    assert.equal(server.running, false);
    assert.ok(await waitDead(pid));
  });

  test('stop() escalates to SIGKILL when SIGTERM is ignored', async () => {
    const binary = fakeBinary(
      'opencode-stubborn',
      'trap \'\' TERM\necho "opencode server listening on http://127.0.0.1:$5"\nexec sleep 300',
    );
    const server = await EmbeddedServer.start({ binary, cwd: dir });
    // Its grace, not the default's 3 s: marks on the same timers, set first, place the exit among them (timers fire
    // in the order they are due however late a loaded machine runs them; a stopwatch would measure the load).
    const events: string[] = [];
    const marks = [setTimeout(() => events.push('at 200 ms'), 200), setTimeout(() => events.push('at 3 s'), 3_000)];
    try {
      await server.stop(300);
      events.push('exited');
    } finally {
      for (const mark of marks) clearTimeout(mark);
    }
    assert.equal(server.running, false);
    assert.deepEqual(await server.exited, { code: null, signal: 'SIGKILL' });
    assert.deepEqual(events, ['at 200 ms', 'exited'], 'SIGTERM ignored, killed after its 300 ms grace');
  });

  test('two starts get different ports and passwords', async () => {
    const binary = fakeBinary('opencode-twice', 'echo "opencode server listening on http://127.0.0.1:$5"\nexec sleep 300');
    const [a, b] = await Promise.all([EmbeddedServer.start({ binary, cwd: dir }), EmbeddedServer.start({ binary, cwd: dir })]);
    try {
      assert.notEqual(a.url, b.url);
      assert.notEqual(a.password, b.password);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('an early exit rejects with its output, the password redacted', async () => {
    const binary = fakeBinary('opencode-crash', 'echo "Error: boom $OPENCODE_SERVER_PASSWORD" >&2\nexit 3');
    await assert.rejects(EmbeddedServer.start({ binary, cwd: dir }), (err: Error) => {
      assert.match(err.message, /exited \(3\) before it was ready/);
      assert.match(err.message, /Error: boom \*{8}$/);
      return true;
    });
  });

  test('no "listening" line in time: rejects and kills it', async () => {
    const binary = fakeBinary('opencode-silent', 'echo $$ > "$OPENCODE_TEST_FAKE_DIR/silent"\nexec sleep 300');
    await assert.rejects(
      EmbeddedServer.start({ binary, cwd: dir, readyTimeoutMs: 500, baseEnv: { OPENCODE_TEST_FAKE_DIR: dir, PATH: process.env.PATH } }),
      /did not report "listening" within 0.5 s/,
    );
    assert.ok(await waitDead(Number(readFileSync(join(dir, 'silent'), 'utf8'))));
  });

  test('cancelling stops the start', async () => {
    const binary = fakeBinary('opencode-slow', 'exec sleep 300');
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    await assert.rejects(EmbeddedServer.start({ binary, cwd: dir, signal: abort.signal }), /Cancelled/);
  });

  test('a missing binary rejects clearly', async () => {
    const missing = join(dir, 'no-such-opencode');
    assert.equal(existsSync(missing), false);
    await assert.rejects(EmbeddedServer.start({ binary: missing, cwd: dir }), /could not run opencode: .*ENOENT/);
  });
});

describe('serverEnv', () => {
  test("an allowlist of the extension host's environment, plus only our password", () => {
    const kept = {
      PATH: '/bin',
      HOME: '/h',
      LANG: 'C',
      LC_ALL: 'C.UTF-8',
      TZ: 'UTC',
      https_proxy: 'http://proxy:3128',
      NO_PROXY: 'localhost',
      NODE_EXTRA_CA_CERTS: '/ca.pem',
      XDG_CONFIG_HOME: '/x',
      XDG_STATE_HOME: '/s',
      OPENCODE_CONFIG: '/c',
      OPENCODE_DISABLE_AUTOUPDATE: '1',
      ANTHROPIC_API_KEY: 'sk-a',
      OPENAI_API_KEY: 'sk-o',
      OPENROUTER_API_KEY: 'sk-r',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AK',
      AZURE_RESOURCE_NAME: 'r',
      GOOGLE_APPLICATION_CREDENTIALS: '/g.json',
      ANTHROPIC_AUTH_TOKEN: 'sk-ant',
      CLOUDFLARE_API_TOKEN: 'cf',
    };
    const dropped = {
      npm_config_prefix: '/p',
      ELECTRON_RUN_AS_NODE: '1',
      OPENCODE_SERVER_PASSWORD: 'inherited',
      OPENCODE_PASSWORD: 'inherited-too',
      VSCODE_IPC_HOOK: '/tmp/vscode.sock',
      VSCODE_GIT_ASKPASS_MAIN: '/askpass',
      GITHUB_TOKEN: 'ghp_secret',
      KUBECONFIG: '/k',
      SOME_EXTENSION_SECRET: 's',
      NODE_OPTIONS: '--require /evil.js',
      NPM_AUTH_TOKEN: 'npm_secret',
      VAULT_AUTH_TOKEN: 'hvs.secret',
      CI_JOB_API_TOKEN: 'ci-secret',
      GITLAB_API_TOKEN: 'glpat-secret',
    };
    assert.deepEqual(serverEnv({ ...kept, ...dropped }, 'ours'), { ...kept, OPENCODE_SERVER_PASSWORD: 'ours' });
  });

  test('the plugin endpoint folder is ours and passes; the extra config is set as OpenCode merges it', () => {
    const env = serverEnv({ OPENCODE_SESSIONS_ENDPOINT_DIR: '/e', OPENCODE_CONFIG_CONTENT: '{"x":1}' }, 'pw', { plugin: ['p'] });
    assert.deepEqual(env, {
      OPENCODE_SESSIONS_ENDPOINT_DIR: '/e',
      OPENCODE_SERVER_PASSWORD: 'pw',
      OPENCODE_CONFIG_CONTENT: '{"plugin":["p"]}',
    });
  });

  test('redact replaces every occurrence', () => {
    assert.equal(redact('a pw b pw', 'pw'), 'a ******** b ********');
    assert.equal(redact('text', ''), 'text');
  });
});
