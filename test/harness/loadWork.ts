// Real work for the load test: parallel sessions on a real server whose scripted replies stream many small
// chunks (each one a real `message.part.delta` from OpenCode), finish steps with known usage, and now and then
// call `task` so OpenCode itself spawns a child session. Nothing here invents an event.
import type { Session } from '@opencode-ai/sdk/v2/client';
import { prompt, type Harness } from './scenario';
import { taskCall, text, type Usage } from './scriptedModel';

export interface LoadOptions {
  /** Sessions that work at once (each runs one turn after another). */
  workers: Session[];
  durationMs: number;
  /** Characters per reply; the scripted model streams them 40 at a time. */
  replyChars: number;
  /** Every n-th turn of a worker delegates through `task` (a child session). */
  taskEvery: number;
  usage: Usage;
}

export interface LoadResult {
  turns: number;
  tasks: number;
  failures: string[];
}

/** Runs the workers until the time is up; every turn started is awaited, so the server is idle afterwards. */
export async function runLoad(h: Harness, options: LoadOptions): Promise<LoadResult> {
  const reply = 'lorem ipsum dolor sit amet consectetur '.repeat(Math.ceil(options.replyChars / 39)).slice(0, options.replyChars);
  const delegated = new Set<string>();
  // Routed by the request itself, not by a shared queue: parallel sessions would take each other's replies.
  h.model.fallback = (req) => {
    if (req.lastUserText.startsWith('Delegate:') && !delegated.has(req.lastUserText)) {
      delegated.add(req.lastUserText);
      return taskCall(req.lastUserText.slice('Delegate: '.length), 'Please write it out', options.usage);
    }
    return text(reply, options.usage);
  };
  const result: LoadResult = { turns: 0, tasks: 0, failures: [] };
  const deadline = Date.now() + options.durationMs;
  await Promise.all(
    options.workers.map(async (session, w) => {
      for (let turn = 1; Date.now() < deadline; turn++) {
        const delegate = turn % options.taskEvery === 0;
        const words = delegate ? `Delegate: worker ${w} part ${turn}` : `Work on worker ${w} step ${turn}`;
        try {
          await prompt(h, session.id, words, [], { directory: session.directory });
          result.turns++;
          if (delegate) result.tasks++;
        } catch (err) {
          result.failures.push(`${session.id} turn ${turn}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }),
  );
  return result;
}
