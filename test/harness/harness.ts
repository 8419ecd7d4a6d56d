import { OpencodeServer, type OpencodeServerOptions } from './opencodeServer';
import type { Harness } from './scenario';
import { ScriptedModel } from './scriptedModel';

export interface RunningHarness extends Harness {
  /** Stops the server and the model and removes the server's HOME. */
  dispose(): Promise<void>;
}

/** A scripted model plus a real `opencode serve` that uses it. */
export async function startHarness(options: Partial<OpencodeServerOptions> = {}): Promise<RunningHarness> {
  const model = await new ScriptedModel().start();
  try {
    const server = await OpencodeServer.start({ ...options, modelUrl: model.url });
    return {
      server,
      model,
      dispose: async () => {
        await server.dispose();
        await model.stop();
      },
    };
  } catch (err) {
    await model.stop();
    throw err;
  }
}
