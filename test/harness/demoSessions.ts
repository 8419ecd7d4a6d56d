// Sample sessions for `npm run demo` and the UI tests: several roots in two projects, child task
// sessions and a grandchild, a compacted session, two models, and one session left busy.
import { compact, createSession, prompt, promptAsync, spawnChild, type Harness } from './scenario';
import { text } from './scriptedModel';

/**
 * The session the demo keeps busy. Its title says so first, so that a narrow side bar still shows why its spinner
 * never stops (it would otherwise look hung).
 */
export const BUSY_TITLE = 'Kept busy by the demo (a long migration)';
/** Its prompt: every model request of a run that began with it is held (seedDemoSessions). */
const MIGRATION = 'Migrate the orders table';

export interface DemoSessions {
  checkout: string;
  paymentTests: string;
  grandchild: string;
  parser: string;
  flaky: string;
  busy: string;
  /** Resolve to let the busy session finish. */
  releaseBusy(): void;
}

export async function seedDemoSessions(h: Harness): Promise<DemoSessions> {
  const webshop = h.server.projectDir('webshop');
  const cli = h.server.projectDir('cli-tool');

  const checkout = (await createSession(h, { title: 'Add checkout flow', directory: webshop })).id;
  await prompt(
    h,
    checkout,
    'Add a checkout page with address and payment steps',
    [text('Checkout page added.', { prompt: 18_400, cached: 6_000, completion: 2_300, reasoning: 600 })],
    { directory: webshop },
  );
  const paymentTests = (
    await spawnChild(
      h,
      checkout,
      {
        description: 'Write payment tests',
        parentCall: { prompt: 21_000, cached: 15_000, completion: 400 },
        child: { prompt: 9_500, completion: 3_100 },
        parentAfter: { prompt: 24_000, cached: 20_000, completion: 350 },
      },
      webshop,
    )
  ).id;
  await spawnChild(
    h,
    checkout,
    {
      description: 'Review accessibility',
      parentCall: { prompt: 25_000, cached: 22_000, completion: 300 },
      child: { prompt: 7_200, completion: 1_800, reasoning: 400 },
      parentAfter: { prompt: 26_500, cached: 24_000, completion: 500 },
    },
    webshop,
  );
  const grandchild = (await createSession(h, { title: 'Mock the payment gateway', parentID: paymentTests, directory: webshop })).id;
  await prompt(h, grandchild, 'Write a fake gateway for the tests', [text('Fake gateway written.', { prompt: 4_100, completion: 900 })], {
    directory: webshop,
  });

  const parser = (await createSession(h, { title: 'Refactor argument parser', directory: cli })).id;
  await prompt(h, parser, 'Split the parser into modules', [text('Split into three modules.', { prompt: 30_000, completion: 4_000 })], {
    directory: cli,
    modelID: 'beta',
  });
  await prompt(h, parser, 'Now add tests for each module', [text('Tests added.', { prompt: 52_000, cached: 28_000, completion: 5_200 })], {
    directory: cli,
    modelID: 'beta',
  });
  await compact(h, parser, { prompt: 60_000, completion: 1_500 }, 'beta', cli);

  const flaky = (await createSession(h, { title: 'Investigate flaky CI job', directory: cli })).id;
  await prompt(
    h,
    flaky,
    'Why does the integration job fail one run in ten?',
    [text('A race in the port allocation.', { prompt: 14_000, cached: 3_000, completion: 2_600, reasoning: 1_900 })],
    { directory: cli },
  );

  let releaseBusy!: () => void;
  const hold = new Promise<void>((resolve) => (releaseBusy = resolve));
  const busy = (await createSession(h, { title: BUSY_TITLE, directory: webshop })).id;
  // Every model request of its run is held, not only the first: a run a budget pause stopped and Raise and Resume…
  // started again is as busy as before (ours: the demo's promise, "busy for as long as the demo runs"). From the
  // queue, the resume's request took whatever reply came next (the fallback's "Done.", or a turn of the ticker's
  // that the pause refused) and the session was idle at once.
  const others = h.model.route;
  h.model.route = (req) =>
    req.kind === 'chat' && req.firstUserText.includes(MIGRATION)
      ? { kind: 'text', text: 'Migration finished.', usage: { prompt: 11_000, completion: 700 }, hold }
      : others?.(req);
  await promptAsync(h, busy, MIGRATION, [], webshop);

  return { checkout, paymentTests, grandchild, parser, flaky, busy, releaseBusy };
}
