// Generated OpenCode 2 answers for the scale suite's V2 readers (readers/v2.ts), in the shapes OpenCode 2 sends them
// (packages/schema and packages/protocol at 2.0.26, as src/client/v2 reads them), at any size.

export const tokens = (input = 1) => ({ input, output: 2, reasoning: 0, cache: { read: 0, write: 0 } });

export function session(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    projectID: 'prj',
    cost: 0.01,
    tokens: tokens(),
    time: { created: 1, updated: 2 },
    title: `Session ${id}`,
    location: { directory: '/w' },
    ...extra,
  };
}

export function model(id: string, providerID: string) {
  return {
    id,
    providerID,
    family: 'fam',
    limit: { context: 200_000, output: 8_000 },
    cost: [{ input: 1, output: 2, cache: { read: 0.1, write: 1.25 } }],
  };
}

export const permission = (sessionID: string) => ({
  id: `per_${sessionID}`,
  sessionID,
  action: 'shell',
  resources: ['npm test'],
  save: ['npm *'],
});

export const form = (sessionID: string, fields = 1) => ({
  id: `frm_${sessionID}`,
  sessionID,
  title: 'Questions',
  fields: Array.from({ length: fields }, (_, i) => ({ key: `q${i}`, type: 'string', title: 'Color' })),
});

/** One message of a session's history, by index: a user prompt every fourth, assistant steps between. */
export function message(i: number, extra: Record<string, unknown> = {}) {
  const id = `msg_${String(i).padStart(8, '0')}`;
  if (i % 4 === 0) return { id, type: 'user', text: `prompt ${i}`, time: { created: i }, ...extra };
  return {
    id,
    type: 'assistant',
    agent: 'build',
    model: { id: 'm', providerID: 'p' },
    cost: 0.001,
    tokens: tokens(i),
    time: { created: i, completed: i + 1 },
    content: [
      { type: 'text', id: `${id}:t`, text: 'done' },
      {
        type: 'tool',
        id: `call_${i}`,
        name: 'edit',
        state: {
          status: 'completed',
          input: { filePath: `/w/f${i % 7}.ts` },
          content: [{ type: 'text', text: 'ok' }],
          metadata: {
            files: [{ file: `/w/f${i % 7}.ts`, patch: '@@ -1 +1 @@\n-a\n+b\n', additions: 1, deletions: 1, status: 'modified' }],
          },
        },
      },
    ],
    ...extra,
  };
}

/** `GET /api/event` items: a step's life, a tool call, usage and text deltas, by index, over `sessions` sessions. */
export function streamItem(i: number, sessions: number) {
  const sessionID = `ses_${i % sessions}`;
  const assistantMessageID = `msg_${Math.floor(i / 6)}_${i % sessions}`;
  switch (i % 6) {
    case 0:
      return {
        id: `evt_${i}`,
        type: 'session.step.started',
        data: { sessionID, assistantMessageID, agent: 'build', model: { id: 'm', providerID: 'p' }, timestamp: i },
      };
    case 1:
      return {
        id: `evt_${i}`,
        type: 'session.tool.called',
        data: { sessionID, assistantMessageID, callID: `c${i}`, tool: 'edit', timestamp: i },
      };
    case 2:
      return { id: `evt_${i}`, type: 'session.text.delta', data: { sessionID, delta: 'word ', timestamp: i } };
    case 3:
      return { id: `evt_${i}`, type: 'session.tool.success', data: { sessionID, assistantMessageID, callID: `c${i - 2}`, timestamp: i } };
    case 4:
      return {
        id: `evt_${i}`,
        type: 'session.step.ended',
        data: { sessionID, assistantMessageID, tokens: tokens(), cost: 0.01, finish: 'stop', files: [`/w/f${i % 9}.ts`], timestamp: i },
      };
    default:
      return { id: `evt_${i}`, type: 'session.usage.updated', data: { sessionID, cost: 0.02, tokens: tokens(), timestamp: i } };
  }
}
