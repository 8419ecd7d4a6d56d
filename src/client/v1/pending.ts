// Reading and answering what blocks sessions: pending permission requests and questions. OpenCode lists
// them per project directory, so the snapshot asks each directory the server's sessions live in.
import type { PendingRequest, PermissionRequest } from '../../store/pendingRequest';
import { deadline } from '../transport/deadline';
import { Slicer } from '../transport/slicer';
import { Slots } from './folderSlots';
import type { PendingListing, PermissionReply } from '../serverApi';
import { ServerError, unwrap } from '../transport/serverError';
import { parsePermissionRequest, parseQuestionRequest } from '../wire/requests';
import type { OpencodeClient } from './client';

const TIMEOUT_MS = 10_000;

/** Every pending request in these directories. A 401 fails the whole read; any other failure only its directory. */
export async function listPendingRequests(
  clientForDirectory: (dir: string) => OpencodeClient,
  directories: Iterable<string>,
): Promise<PendingListing> {
  const byId = new Map<string, PendingRequest>();
  const failures: string[] = [];
  const failedDirectories = new Set<string>();
  // A few folders at a time (folderSlots.ts): a connection's every folder is asked after an answer failed.
  const slots = new Slots();
  let refused = false;
  await Promise.all(
    [...new Set(directories)].map((dir) =>
      slots.run(async () => {
        // Refused once (a 401 fails the whole read): the folders still waiting are not asked.
        if (refused) return;
        const client = clientForDirectory(dir);
        // Each list on its own: a server without `/question` still has its permissions read.
        const [permissions, questions] = await Promise.allSettled([
          unwrap(client.permission.list({}, { signal: deadline(TIMEOUT_MS) }), 'Listing permission requests') as Promise<unknown>,
          unwrap(client.question.list({}, { signal: deadline(TIMEOUT_MS) }), 'Listing questions') as Promise<unknown>,
        ]);
        for (const [result, parse] of [
          [permissions, parsePermissionRequest],
          [questions, parseQuestionRequest],
        ] as const) {
          if (result.status === 'fulfilled') {
            const slicer = new Slicer();
            for (const raw of Array.isArray(result.value) ? result.value : []) {
              keep(byId, parse(raw));
              await slicer.turn();
            }
            continue;
          }
          const err: unknown = result.reason;
          if (err instanceof ServerError && err.kind === 'unauthorized') {
            refused = true;
            throw err;
          }
          failures.push(`${dir}: ${err instanceof Error ? err.message : String(err)}`);
          failedDirectories.add(dir);
        }
      }),
    ),
  );
  return { requests: [...byId.values()], failures, failedDirectories: [...failedDirectories] };
}

function keep(byId: Map<string, PendingRequest>, request: PendingRequest | undefined): void {
  if (request) byId.set(request.id, request);
}

/** Allow once, allow always (the request's `always` patterns) or reject, with a message for the model. */
export async function replyToPermission(
  client: OpencodeClient,
  request: PermissionRequest,
  reply: PermissionReply,
  message?: string,
): Promise<void> {
  await unwrap(
    client.permission.reply({ requestID: request.id, reply, ...(message ? { message } : {}) }, { signal: deadline(TIMEOUT_MS) }),
    'Answering the permission request',
  );
}

/** One answer per question, each the picked labels (or the typed text). */
export async function replyToQuestion(client: OpencodeClient, requestId: string, answers: string[][]): Promise<void> {
  await unwrap(client.question.reply({ requestID: requestId, answers }, { signal: deadline(TIMEOUT_MS) }), 'Answering the question');
}

export async function rejectQuestion(client: OpencodeClient, requestId: string): Promise<void> {
  await unwrap(client.question.reject({ requestID: requestId }, { signal: deadline(TIMEOUT_MS) }), 'Dismissing the question');
}
