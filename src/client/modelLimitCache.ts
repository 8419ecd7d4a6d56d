// The models' context limits of one server, read once from `/config/providers` (whose answer also holds
// provider API keys: only the parsed limits are kept, and nothing of it is logged).
import { modelKey, parseModelLimits, type ModelLimits } from '../store/modelLimits';

export class ModelLimitCache {
  private pending?: Promise<ModelLimits>;

  constructor(private readonly fetchProviders: () => Promise<unknown>) {}

  /** The model's `limit.context`; undefined when unknown or the server could not be asked (asked again next time). */
  async contextLimit(providerID: string, modelID: string): Promise<number | undefined> {
    const pending = (this.pending ??= this.fetchProviders().then(parseModelLimits));
    try {
      return (await pending).get(modelKey(providerID, modelID));
    } catch {
      if (this.pending === pending) this.pending = undefined;
      return undefined;
    }
  }

  /** After a reconnect the server may have restarted with other models. */
  clear(): void {
    this.pending = undefined;
  }
}
