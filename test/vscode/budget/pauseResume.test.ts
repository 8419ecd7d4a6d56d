// A budget that pauses, then Raise Budget and Resume…, on OpenCode 2, both ways a 2.x server may start a paused
// session again: where its own `/openapi.json` names `POST /api/session/{id}/resume` (a later upstream source) the
// session runs again with no new input; where it does not (2.0.26 and the August build: 404) a prompt of
// budget.resumePrompt starts it (../shared/reference/opencode2-server.md, "Recorded from the real servers, November
// 2026", resume). A session's second step crosses its $1.00 budget; it stops between model requests (its next request, in
// flight, is dropped); raised to $3 it goes on and finishes its task, and the server's record says which way it was
// started: a prompt of the resume text, or none. The release-shape adapter serves `resume` only when asked; an
// OpenCode 2 binary (OCS_OPENCODE2) runs the case its own document calls for, the other is skipped there.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ServerConnection } from '../../../src/client/serverConnection';
import type { ExtensionApi } from '../../../src/extension';
import type { ResumeResult } from '../../../src/features/budget/sessionPauser';
import { startHarness, type RunningHarness } from '../../harness/harness';
import { call, messages2 } from '../../harness/opencode2';
import { createSession, promptAsync } from '../../harness/scenario';
import { text, toolCall, type Reply } from '../../harness/scriptedModel';
import { usageCosting } from '../../harness/stepUsage';
import { configureServers, connectionFor, extensionApi, waitFor } from '../helpers/extensionApi';
import { RUNS_OPENCODE2 } from '../helpers/opencode2Server';

const PROMPT = 'Sort the inventory';
const CONTINUE = 'The budget was raised: carry on.';
const FINAL = 'Finished after the pause.';

const WAYS = [
  { name: 'a server without resume (2.0.26): a prompt starts it again', resume: false, way: 'prompt' },
  { name: 'a server with resume: it runs again with no new input', resume: true, way: 'resume' },
] as const;

for (const way of WAYS) pauseResumeCase(way);

function pauseResumeCase(way: (typeof WAYS)[number]): void {
  describe(`A budget pause and Raise Budget and Resume… on OpenCode 2, on ${way.name}`, function () {
    this.timeout(240_000);
    let h: RunningHarness;
    let api: ExtensionApi;
    let connection: ServerConnection;
    const config = () => vscode.workspace.getConfiguration('opencodeSessions');
    const set = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Global);

    before(async function () {
      if (!RUNS_OPENCODE2) return this.skip();
      h = await startHarness({ release: { resume: way.resume } });
      api = await extensionApi();
      await configureServers([{ name: `pause ${way.way}`, url: h.server.url }]);
      connection = (await waitFor(
        'online',
        () => connectionFor(api, h.server.url),
        (c) => c?.state.kind === 'online',
      )) as ServerConnection;
      // An OpenCode 2 binary answers its own document: only the case it calls for runs there.
      if (connection.api.resumeWay() !== way.way) return this.skip();
      await set('budget.resumePrompt', CONTINUE);
      await set('budget.perSession', 1);
      await set('budget.onExceeded', 'pause');
    });

    after(async () => {
      if (!RUNS_OPENCODE2 || !h) return;
      h.model.route = undefined;
      for (const key of ['budget.onExceeded', 'budget.perSession', 'budget.resumePrompt']) await set(key, undefined);
      await configureServers([]);
      await h.dispose();
    });

    it(`stops the session past its $1.00 budget; raised to $3 it goes on (${way.way}) and finishes its task`, async function () {
      if (!RUNS_OPENCODE2) return this.skip();
      assert.equal(connection.api.resumeWay(), way.way, "chosen from the server's /openapi.json");
      // The session's requests: two steps of $0.60 (the second crosses the budget; each far below the context
      // OpenCode keeps free, so it does not compact), then one held (in flight at the pause, dropped with it); once
      // resumed, the final answer.
      let resumed = false;
      let asked = 0;
      const never = new Promise<void>(() => undefined);
      const lastUserTexts: string[] = [];
      h.model.route = (req): Reply | undefined => {
        if (req.kind !== 'chat' || !req.firstUserText.includes(PROMPT)) return undefined;
        asked += 1;
        if (resumed) {
          lastUserTexts.push(req.lastUserText);
          return text(FINAL, usageCosting(0.01));
        }
        return asked <= 2
          ? toolCall('glob', { pattern: `step${asked}-*` }, usageCosting(0.6))
          : { ...text('Not before the raise.', usageCosting(0.2)), hold: never };
      };
      const { id } = await createSession(h, { title: 'Paused by its budget' });
      await promptAsync(h, id, PROMPT, []);

      await waitFor(
        'paused by the session budget',
        () => api.budgetPauses.all(),
        (ps) => ps.length === 1 && ps[0].sessionId === id && ps[0].phase === 'paused',
        60_000,
        (ps) => ps.map((p) => [p.sessionId, p.phase]),
      );
      await waitFor(
        'stopped on the server',
        async () => (await call<{ data: Record<string, unknown> }>(h.server, '/api/session/active')).data,
        (running) => !(id in running),
      );
      const row = await waitFor(
        'its row says paused',
        () => api.tree.getTreeItem(api.tree.sessionNode(connection, id)),
        (item) => String(item.description).includes('paused by the $1.00 session budget'),
      );
      assert.equal((row.iconPath as vscode.ThemeIcon).id, 'debug-pause');

      // Raise Budget and Resume… to $3.
      resumed = true;
      const raising = vscode.commands.executeCommand<ResumeResult[] | undefined>('opencodeSessions.raiseBudgetAndResume', 'session');
      const input = api.budgetPause.actions.raiseInput;
      await waitFor(
        'the new limit asked',
        () => input.shown,
        (b) => b !== undefined,
      );
      input.type('3');
      input.accept();
      assert.deepEqual(
        (await raising)?.map((r) => [r.pause.sessionId, r.way, r.failure]),
        [[id, way.way, undefined]],
        `resumed once, by ${way.way}`,
      );

      // It finished its task on the server, started again the way the server offers.
      const messages = await waitFor(
        'the final answer on the server',
        async () => ({
          running: id in (await call<{ data: Record<string, unknown> }>(h.server, '/api/session/active')).data,
          messages: await readMessages(h, id),
        }),
        (m) => !m.running && lastText(m.messages) === FINAL,
        60_000,
        (m) => ({ running: m.running, last: lastText(m.messages) }),
      );
      const prompts = messages.messages.filter((m) => m.type === 'user').map((m) => m.text);
      if (way.way === 'prompt') {
        assert.deepEqual(prompts, [PROMPT, CONTINUE], 'a prompt of budget.resumePrompt started it');
        assert.ok(
          lastUserTexts.every((t) => t.includes(CONTINUE)),
          'the model read the resume prompt',
        );
      } else {
        assert.deepEqual(prompts, [PROMPT], 'no new input: the session just runs again');
        assert.ok(lastUserTexts.length > 0 && lastUserTexts.every((t) => !t.includes(CONTINUE)), 'the resume prompt was never sent');
      }
      await waitFor(
        'no pause left',
        () => api.budgetPauses.all().length,
        (n) => n === 0,
      );
      await waitFor(
        'its row no longer paused',
        () => String(api.tree.getTreeItem(api.tree.sessionNode(connection, id)).description),
        (d) => !d.includes('paused'),
      );
    });
  });
}

/** A message as `GET /api/session/{id}/message` answers it: a user's `text`, an assistant's `content`. */
interface Message {
  id: string;
  type: string;
  text?: string;
  content?: Array<{ type: string; text?: string }>;
}

async function readMessages(h: RunningHarness, sessionID: string): Promise<Message[]> {
  return messages2(h.server, sessionID);
}

/** The text of the newest assistant message. */
function lastText(messages: readonly Message[]): string | undefined {
  const last = messages.filter((m) => m.type === 'assistant').at(-1);
  return last?.content
    ?.filter((c) => c.type === 'text')
    .map((c) => c.text ?? '')
    .join('');
}
