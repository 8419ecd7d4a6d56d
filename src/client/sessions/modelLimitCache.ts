// The models' context limits of one server, read once per connection (the adapters keep only ids and limits
// of answers that also hold provider API keys).
import { modelKey, type ModelLimits } from '../../store/modelLimits';

/**
 * OpenCode 2 loads its model catalog in the background after it starts: until then `GET /api/model` lists no
 * model (seen on the v2 branch's server, b6226260). An empty answer is asked again once this long has passed.
 */
export const EMPTY_CATALOG_RETRY_MS = 3_000;

export class ModelLimitCache {
  private pending?: Promise<ModelLimits>;
  /** When the answer held was found empty, or the server could not be asked: asked again once the retry time passed. */
  private emptyAt?: number;
  /** Counts clear(): an answer asked for before one says nothing of the server after it. */
  private clears = 0;

  constructor(
    private readonly fetchLimits: () => Promise<ModelLimits>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The model's `limit.context`; undefined when unknown or the server could not be asked. A failed ask is kept as long
   * as an empty answer is: the usage panel asks once per model, and 1 500 models must not ask a failing server 1 500 times.
   */
  async contextLimit(providerID: string, modelID: string): Promise<number | undefined> {
    if (this.emptyAt !== undefined && this.now() - this.emptyAt >= EMPTY_CATALOG_RETRY_MS) this.clear();
    return (await (this.pending ??= this.read())).get(modelKey(providerID, modelID));
  }

  /** After a reconnect the server may have restarted with other models. */
  clear(): void {
    this.clears += 1;
    this.pending = undefined;
    this.emptyAt = undefined;
  }

  private async read(): Promise<ModelLimits> {
    const clears = this.clears;
    let limits: ModelLimits;
    try {
      limits = await this.fetchLimits();
    } catch {
      limits = new Map();
    }
    if (limits.size === 0 && clears === this.clears) this.emptyAt = this.now();
    return limits;
  }
}
