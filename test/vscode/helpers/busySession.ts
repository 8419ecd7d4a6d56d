// A session kept busy by a model reply that waits until the test releases it: a bystander a budget may abort.
import type { RunningHarness } from '../../harness/harness';
import { createSession, promptAsync } from '../../harness/scenario';
import type { Reply } from '../../harness/scriptedModel';
import { waitFor } from './extensionApi';

export async function busySession(
  h: RunningHarness,
  statusOf: (id: string) => string | undefined,
  title: string,
): Promise<{ id: string; release: () => void }> {
  const { id } = await createSession(h, { title });
  let release!: () => void;
  const hold = new Promise<void>((resolve) => (release = resolve));
  const late: Reply = { kind: 'text', text: 'Late.', usage: { prompt: 10, completion: 1 }, hold };
  await promptAsync(h, id, 'Take your time', [late]);
  await waitFor(
    `${title} busy`,
    () => statusOf(id),
    (s) => s === 'busy',
  );
  // The model answers requests in the order they arrive: on a cold server another session's request can
  // overtake this one and take the held reply. Once this one asked, the held reply is its own.
  await waitFor(`${title}'s request at the model`, () => h.model.requests.some((r) => r.reply === late), Boolean);
  return { id, release };
}
