// Fills a real OpenCode server with many sessions through its own API (POST /session), several at a time:
// the load test and the benchmarks need servers of thousands of sessions, and only the server knows how to
// store one.
import type { Session } from '@opencode-ai/sdk/v2/client';
import { createSession, type Harness } from './scenario';

export interface ManySessionsOptions {
  /** Project folders to spread the sessions over, round-robin (default: the server's own folder). */
  directories?: string[];
  /** Requests in flight at once. */
  concurrency?: number;
  title?: (index: number) => string;
}

/** Creates `count` sessions and returns them in creation order. */
export async function createManySessions(h: Harness, count: number, options: ManySessionsOptions = {}): Promise<Session[]> {
  const directories = options.directories?.length ? options.directories : [h.server.directory];
  const title = options.title ?? ((i: number) => `Session ${i + 1}`);
  const sessions: Session[] = new Array<Session>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      sessions[index] = await createSession(h, { title: title(index), directory: directories[index % directories.length] });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 16, count) }, worker));
  return sessions;
}
