// The models' context limits of one server, read once per connection (the adapters keep only ids and limits
// of answers that also hold provider API keys).
import { modelKey, type ModelLimits } from '../store/modelLimits';

export class ModelLimitCache {
  private pending?: Promise<ModelLimits>;

  constructor(private readonly fetchLimits: () => Promise<ModelLimits>) {}

  /** The model's `limit.context`; undefined when unknown or the server could not be asked (asked again next time). */
  async contextLimit(providerID: string, modelID: string): Promise<number | undefined> {
    const pending = (this.pending ??= this.fetchLimits());
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
