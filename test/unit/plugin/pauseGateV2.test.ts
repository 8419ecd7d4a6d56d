// The same gate on OpenCode 2's plugin definition (no OpenCode 2 binary is installable here, so its context is the
// shape read in OpenCode's source, v2Definition.ts): setup registers `session.hook("model.request")`, and the hook
// throws for a session the ledger holds (2.x fails the request there, before it is sent), and not for another.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writePauseLedger } from '../../../src/client/discovery/pauseLedgerFile';
import { ENDPOINT_DIR_VARIABLE } from '../../../src/client/discovery/endpointDiscovery';
import { setupV2, type V2Context, type V2ModelRequest } from '../../../src/plugin/v2Definition';

test('2.x: model.request is refused for a paused tree (its own session, a sub-agent under it, one past the session budget)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ocs-pause-gate-v2-'));
  const saved = process.env[ENDPOINT_DIR_VARIABLE];
  process.env[ENDPOINT_DIR_VARIABLE] = dir;
  try {
    const records: Record<string, { id: string; parentID?: string; cost: number }> = {
      ses_root: { id: 'ses_root', cost: 0.5 },
      ses_child: { id: 'ses_child', parentID: 'ses_root', cost: 0.1 },
      ses_free: { id: 'ses_free', cost: 0.2 },
      ses_big: { id: 'ses_big', cost: 3 },
    };
    const pause = { sessionId: 'ses_root', rootId: 'ses_root', budget: 'session' as const, limit: 1, spent: 1.2, at: 1 };
    writePauseLedger(dir, { v: 1, written: Date.now(), sessionLimit: 2, pauses: [pause], exempt: [] });
    const hooks: Array<(event: V2ModelRequest) => Promise<void> | void> = [];
    const ctx: V2Context = {
      tool: { transform: () => Promise.resolve() },
      session: {
        get: ({ sessionID }) => Promise.resolve({ data: records[sessionID] }),
        hook: (name, callback) => {
          assert.equal(name, 'model.request');
          hooks.push(callback);
          return Promise.resolve({ dispose: () => Promise.resolve() });
        },
      },
    };
    await setupV2('d', {})(ctx);
    assert.equal(hooks.length, 1, 'one hook before every model request');
    const run = (sessionID: string) =>
      Promise.resolve(hooks[0]({ sessionID })).then(
        () => 'sent',
        (err: Error) => err.message,
      );
    assert.match(await run('ses_root'), /paused by its session budget of \$1\.00\. The model was not asked/);
    assert.match(await run('ses_child'), /paused by its session budget/, 'a sub-agent of the paused tree');
    assert.equal(await run('ses_free'), 'sent');
    assert.match(await run('ses_big'), /session budget of \$2\.00/, 'past the session budget, never paused');
  } finally {
    if (saved === undefined) delete process.env[ENDPOINT_DIR_VARIABLE];
    else process.env[ENDPOINT_DIR_VARIABLE] = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
