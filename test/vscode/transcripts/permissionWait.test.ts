// A tool call that waited for a permission answer, in its transcript: the run time is the tool's own, the wait is
// said beside it. OpenCode 1.18 records the call's `state.time.start`/`end` around the wait (the walk of issue 77
// read "Tool bash · completed · 6m 49s" for a command that ran 2 s), so the wait comes from the permission's
// asked/replied events the store marks for the Timeline. On 1.x and 2.x (whose permission names its call in `source`).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { transcriptUri } from '../../../src/features/transcripts/transcriptUri';
import { createSession, promptAsync } from '../../harness/scenario';
import { text, toolCall } from '../../harness/scriptedModel';
import { connectionFor, serverForSuite, waitFor } from '../helpers/extensionApi';
import { isOpencode2 } from '../../harness/opencode2';

/** 1.x's `bash` is 2.x's `shell` (the release adapter names it as 2.x releases do). */
const TOOL = isOpencode2() ? 'shell' : 'bash';

describe('Transcript: a tool call that waited for permission', function () {
  this.timeout(180_000);
  const suite = serverForSuite('permission-wait', { config: { permission: { bash: 'ask' } } });

  it('reads its run time without the wait, and the wait beside it', async () => {
    const { h, api } = suite;
    const session = await createSession(h, { title: 'Build after asking' });
    await promptAsync(h, session.id, 'Build it', [toolCall('bash', { command: 'printf built', description: 'Build' }), text('Built.')]);
    const connection = connectionFor(api, h.server.url)!;
    const request = await waitFor(
      'the permission request',
      () => [...(connection.sessions.get(session.id)?.requests.values() ?? [])][0],
      (r) => r !== undefined,
      90_000,
    );
    const serverId = connection.config.id;
    await vscode.commands.executeCommand('opencodeSessions.allowOnce', {
      kind: 'request',
      serverId,
      sessionId: session.id,
      requestId: request.id,
    });
    await waitFor(
      'the run ended',
      () => connection.sessions.get(session.id)?.status.type,
      (s) => s === 'idle',
      90_000,
    );
    const doc = await vscode.workspace.openTextDocument(transcriptUri({ serverId, sessionId: session.id }, 'Build after asking'));
    const line = await waitFor(
      'the tool line with its wait',
      () =>
        doc
          .getText()
          .split('\n')
          .find((l) => l.startsWith(`### Tool ${TOOL}`)),
      (l) => l !== undefined && l.includes('waited'),
    );
    assert.match(line ?? '', new RegExp(`^### Tool ${TOOL} · completed · \\d+(\\.\\d)? m?s \\(waited [^)]+ for permission\\)`));
  });
});
