// One server's list prices: its model catalog read once per connection. Until it is read, or where it cannot
// be (a server without prices, a failed read), every zero-cost step is "no list price".
import { listPricer, NO_LIST_PRICES, type ListPricer } from '../../store/price/listPricer';
import type { PriceCatalog } from '../../store/price/priceCatalog';
import { EMPTY_CATALOG_RETRY_MS } from './modelLimitCache';

export class PriceCatalogCache {
  private current: ListPricer = NO_LIST_PRICES;
  private pending?: Promise<ListPricer>;
  /** When the server answered with no catalog (OpenCode 2 loads it in the background after it starts). */
  private emptyAt?: number;

  constructor(
    private readonly fetchCatalog: () => Promise<PriceCatalog | undefined>,
    /** Told when a catalog was read, so rows priced without it are drawn again. */
    private readonly onLoaded: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The pricer as known now; starts the read if none is under way. */
  get pricer(): ListPricer {
    void this.load();
    return this.current;
  }

  /** The pricer once the catalog is read (or could not be). */
  load(): Promise<ListPricer> {
    // No catalog yet is asked again a little later, as an empty model list is (modelLimitCache.ts).
    if (this.emptyAt !== undefined && this.now() - this.emptyAt >= EMPTY_CATALOG_RETRY_MS) this.clear();
    return (this.pending ??= this.fetchCatalog().then(
      (catalog) => {
        if (catalog === undefined) this.emptyAt = this.now();
        this.current = catalog === undefined ? NO_LIST_PRICES : listPricer(catalog);
        if (catalog !== undefined) this.onLoaded();
        return this.current;
      },
      () => NO_LIST_PRICES,
    ));
  }

  /** After a reconnect the server may have restarted with other models and prices. */
  clear(): void {
    this.pending = undefined;
    this.emptyAt = undefined;
  }
}
