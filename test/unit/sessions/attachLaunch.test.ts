// Open in Terminal's launch: session ids checked before any command is built, argv arrays with no shell
// (cmd.exe quoting only for a Windows .cmd shim), and the launcher run for real: it hands the password to
// its child's environment only and deletes its private folder as it starts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  AttachRefused,
  attachPlan,
  checkedSessionId,
  launcherTerminal,
  prepareLaunch,
} from '../../../src/features/sessions/commands/attachLaunch';

const ID = 'ses_def404f43ffev9pN9AOW2xCZcB';
const URL_ = 'http://127.0.0.1:4096';

describe('session ids', () => {
  test('real OpenCode ids pass', () => {
    for (const id of [ID, 'ses_demo_child', 'ses_' + 'a'.repeat(64)]) assert.equal(checkedSessionId(id), id);
  });

  test('anything else from a server is refused with a message, before a command is built', () => {
    const hostile = [
      'ses_a; rm -rf ~',
      'ses_a & calc',
      'ses_a|whoami',
      '$(id)',
      '`id`',
      'ses_a"b',
      "ses_a'b",
      'ses_a\nb',
      'ses_%PATH%',
      'ses_a^b',
      '-ses_x',
      '--help',
      'ses_',
      '',
      'ses_' + 'a'.repeat(121),
    ];
    for (const id of hostile) {
      assert.throws(
        () => checkedSessionId(id),
        (e) => e instanceof AttachRefused && /not an OpenCode session id/.test(e.message),
        JSON.stringify(id),
      );
      for (const platform of ['linux', 'win32'] as const) {
        assert.throws(() => attachPlan('/usr/bin/opencode', URL_, id, platform), AttachRefused);
        assert.throws(() => attachPlan('C:\\npm\\opencode.cmd', URL_, id, platform), AttachRefused);
      }
    }
  });
});

describe('attach plan', () => {
  test('POSIX and a Windows .exe: the binary with an argv array, no shell, no quoting', () => {
    const args = ['attach', URL_, '--session', ID];
    assert.deepEqual(attachPlan('/opt/my opencode/bin/opencode', URL_, ID, 'linux'), {
      command: '/opt/my opencode/bin/opencode',
      args,
      verbatim: false,
    });
    assert.deepEqual(attachPlan('C:\\Program Files\\OpenCode\\opencode.exe', URL_, ID, 'win32'), {
      command: 'C:\\Program Files\\OpenCode\\opencode.exe',
      args,
      verbatim: false,
    });
  });

  test('a Windows .cmd shim: cmd.exe /d /s /c with every argument double-quoted, no POSIX quotes', () => {
    const plan = attachPlan(
      'C:\\Users\\a b\\npm\\opencode.cmd',
      'http://host:4096/x?a=1&b=2',
      ID,
      'win32',
      'C:\\Windows\\system32\\cmd.exe',
    );
    assert.deepEqual(plan, {
      command: 'C:\\Windows\\system32\\cmd.exe',
      args: ['/d', '/s', '/c', `""C:\\Users\\a b\\npm\\opencode.cmd" "attach" "http://host:4096/x?a=1&b=2" "--session" "${ID}""`],
      verbatim: true,
    });
    assert.ok(!plan.args.join(' ').includes("'"));
  });

  test('cmd.exe: what it would still expand inside quotes is refused; a non-http URL too', () => {
    assert.throws(() => attachPlan('C:\\npm\\opencode.cmd', 'http://h/%PATH%', ID, 'win32'), /cmd\.exe safely/);
    assert.throws(() => attachPlan('C:\\a!b\\opencode.bat', URL_, ID, 'win32'), /cmd\.exe safely/);
    assert.throws(() => attachPlan('/usr/bin/opencode', 'file:///etc/passwd', ID, 'linux'), /not http\(s\)/);
    assert.throws(() => attachPlan('/usr/bin/opencode', 'not a url', ID, 'linux'), /not a URL/);
  });

  test("the terminal's options: VS Code's Node running the launcher, transient, no secret", () => {
    assert.deepEqual(launcherTerminal('/tmp/x/launch.js', '/vscode/node'), {
      shellPath: '/vscode/node',
      shellArgs: ['/tmp/x/launch.js'],
      env: { ELECTRON_RUN_AS_NODE: '1' },
      isTransient: true,
    });
  });
});

describe('launcher', () => {
  const parent = mkdtempSync(join(tmpdir(), 'ocs-attach-test-'));
  after(() => rmSync(parent, { recursive: true, force: true }));
  const password = 'pw-' + Math.random().toString(36).slice(2);

  test('private folder and files; the child alone gets the password; the folder is gone once it starts', () => {
    // The child prints what it received: its env's password, whether ELECTRON_RUN_AS_NODE leaked, its argv.
    const probe =
      'console.log(JSON.stringify({ pw: process.env.OPENCODE_SERVER_PASSWORD, electron: process.env.ELECTRON_RUN_AS_NODE ?? null, argv: process.argv.slice(1) }))';
    const launch = prepareLaunch(
      { command: process.execPath, args: ['-e', probe, 'attach', URL_, '--session', ID], verbatim: false },
      password,
      parent,
    );
    const dir = dirname(launch.launcher);
    if (process.platform !== 'win32') {
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      for (const name of readdirSync(dir)) assert.equal(statSync(join(dir, name)).mode & 0o777, 0o600, name);
    }
    const terminal = launcherTerminal(launch.launcher);
    assert.ok(!JSON.stringify(terminal).includes(password));
    const env: NodeJS.ProcessEnv = { ...process.env, ...terminal.env };
    delete env.OPENCODE_SERVER_PASSWORD;
    const run = spawnSync(terminal.shellPath, terminal.shellArgs, { env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { pw: password, electron: null, argv: ['attach', URL_, '--session', ID] });
    assert.equal(existsSync(dir), false, 'the launcher deleted its folder');
    launch.cleanup(); // and a second cleanup is harmless
  });

  test('without a password the child gets none; a binary that cannot start fails readably', () => {
    const launch = prepareLaunch({ command: join(parent, 'no-such-opencode'), args: ['attach'], verbatim: false }, undefined, parent);
    const run = spawnSync(process.execPath, [launch.launcher], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /Cannot start .*no-such-opencode: spawn .* ENOENT/);
    assert.equal(existsSync(dirname(launch.launcher)), false);
  });
});
