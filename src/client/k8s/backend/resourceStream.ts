// One resource (agents or tasks) in one scope (a namespace, or the whole cluster) kept current: list, then
// watch from the list's resourceVersion, and when a watch ends or fails, watch again from the last resourceVersion
// seen (as client-go's reflector does), so nothing is read twice. Only a watch the server expires (410 Gone: that
// version is compacted away) is followed by a re-list, which replaces every object. Back off on errors. Objects
// survive errors, so a cluster that drops away keeps showing what it last had.
import {
  CustomObjectsApi,
  Observable,
  Watch,
  type ConfigurationOptions,
  type KubeConfig,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import type { ClusterProblem } from '../kubeBackend';
import { EndlessListError, GROUP, VERSION, httpStatus } from './clusterProblems';
import { deadline, release } from '../../transport/deadline';
import { Disposable, toDisposable } from '../../../base/disposable';

export type Plural = 'agents' | 'tasks' | 'events';

/** Where each resource is served: kubeopencode's, and the Events its controller records (events.k8s.io/v1). */
const API: Record<Plural, { group: string; version: string }> = {
  agents: { group: GROUP, version: VERSION },
  tasks: { group: GROUP, version: VERSION },
  events: { group: 'events.k8s.io', version: 'v1' },
};

export interface KubeItem {
  metadata: { name: string; namespace: string; resourceVersion?: string };
  [key: string]: unknown;
}

export interface StreamTiming {
  initialBackoffMs: number;
  maxBackoffMs: number;
  listTimeoutMs: number;
  /** Asked of the apiserver per watch; a watch silent past this (+30 s) is presumed dead and replaced. */
  watchSeconds: number;
  /** Objects asked per list page (LIST_PAGE unless a test asks for fewer). */
  listPage?: number;
}

export const DEFAULT_TIMING: StreamTiming = { initialBackoffMs: 1000, maxBackoffMs: 30_000, listTimeoutMs: 30_000, watchSeconds: 300 };

/**
 * A list is read in pages (the apiserver's `limit` and `continue`): client-node parses each answer in one JSON.parse,
 * and a cluster's Events, listed cluster-wide, held the thread 250 ms in one parse at 20 000 (the probe of issue 75).
 * 500 is client-go's own page for its reflector's lists.
 */
const LIST_PAGE = 500;
/** Pages a list may take (1 000 000 objects at LIST_PAGE): past it the server is taken to page without end. */
const MAX_LIST_PAGES = 2_000;

/** A watch that lived this long was healthy: the next failure starts the backoff afresh. */
const HEALTHY_MS = 10_000;

export interface StreamHooks {
  /** Objects, `listed` or `problem` changed. */
  changed(): void;
  /** The server expired the watch (410 Gone): the stream re-lists. */
  expired?(stream: ResourceStream): void;
  /** Decides what a failure means; undefined: the owner took over (e.g. fell back) and this stream stops. */
  failed(stream: ResourceStream, err: unknown): Promise<ClusterProblem | undefined>;
}

export class ResourceStream extends Disposable {
  readonly objects = new Map<string, KubeItem>();
  /** A list has succeeded at least once. */
  listed = false;
  problem?: ClusterProblem;
  /** The newest resourceVersion seen (list, events, bookmarks): where the next watch resumes; undefined: list first. */
  private resourceVersion?: string;
  private backoffMs: number;
  private readonly retryTimer = this.ownTimer();
  private readonly watchdog = this.ownTimer();
  private watchController?: AbortController;
  private readonly lifetime = new AbortController();

  constructor(
    private readonly kc: KubeConfig,
    readonly plural: Plural,
    /** Undefined: cluster-wide. */
    readonly namespace: string | undefined,
    private readonly hooks: StreamHooks,
    private readonly timing: StreamTiming = DEFAULT_TIMING,
    /** Which objects to keep (all when undefined): a namespace's Events are mostly about other things. */
    private readonly keep?: (item: KubeItem) => boolean,
  ) {
    super();
    this.backoffMs = timing.initialBackoffMs;
    this._register(
      toDisposable(() => {
        this.watchController?.abort();
        this.lifetime.abort();
      }),
    );
  }

  start(): void {
    void this.list();
  }

  private path(): string {
    const scope = this.namespace ? `/namespaces/${encodeURIComponent(this.namespace)}` : '';
    const { group, version } = API[this.plural];
    return `/apis/${group}/${version}${scope}/${this.plural}`;
  }

  private async list(): Promise<void> {
    if (this.disposed) return;
    let listed: { items: KubeItem[]; resourceVersion?: string } | undefined;
    try {
      listed = await this.readPages();
    } catch (err) {
      // A continue token the apiserver expired (410) mid-list: the list is read again once from its first page
      // (client-go's pager lists once more too, there without pages; here each page stays a small parse).
      if (httpStatus(err) !== 410) return this.fail(err);
      try {
        listed = await this.readPages();
      } catch (again) {
        return this.fail(again);
      }
    }
    if (!listed) return;
    const { items, resourceVersion } = listed;
    if (this.disposed) return;
    const changed = this.replaceAll(items) || !this.listed || this.problem !== undefined;
    this.listed = true;
    this.problem = undefined;
    this.resourceVersion = resourceVersion;
    if (changed) this.hooks.changed();
    await this.watch();
  }

  /** Every page of the list (undefined when disposed meanwhile): only the objects kept, and the list's version. */
  private async readPages(): Promise<{ items: KubeItem[]; resourceVersion?: string } | undefined> {
    const api = this.kc.makeApiClient(CustomObjectsApi);
    const items: KubeItem[] = [];
    const asked = new Set<string>();
    let resourceVersion: string | undefined;
    let next: string | undefined;
    do {
      const limit = deadline(this.timing.listTimeoutMs, this.lifetime.signal);
      const request = { ...API[this.plural], plural: this.plural, limit: this.timing.listPage ?? LIST_PAGE, _continue: next };
      let page: { metadata?: { resourceVersion?: string; continue?: string }; items?: unknown };
      try {
        // client-node types custom objects as `any`: this is the list shape the API server sends.
        page = (await (this.namespace
          ? api.listNamespacedCustomObject({ ...request, namespace: this.namespace }, withSignal(limit))
          : api.listClusterCustomObject(request, withSignal(limit)))) as typeof page;
      } finally {
        // One deadline a page, each let go: a long list would leave a listener per page on the stream's signal.
        release(limit);
      }
      if (this.disposed) return undefined;
      // Only what is kept is held between pages (a namespace's Events are mostly about other things).
      if (Array.isArray(page.items)) for (const item of page.items as KubeItem[]) if (isKept(item, this.keep)) items.push(item);
      // Every page is of the first page's snapshot: the watch resumes from its version (the last page's is the same).
      resourceVersion = page.metadata?.resourceVersion;
      next = typeof page.metadata?.continue === 'string' && page.metadata.continue ? page.metadata.continue : undefined;
      // A server that gives a token twice, or pages without end, would be read for ever.
      if (next !== undefined && (asked.has(next) || asked.size >= MAX_LIST_PAGES))
        throw new EndlessListError(`did not end (a page was asked again, or it ran past ${MAX_LIST_PAGES} pages)`);
      if (next !== undefined) asked.add(next);
    } while (next !== undefined);
    return { items, resourceVersion };
  }

  private async watch(): Promise<void> {
    if (this.disposed) return;
    const startedAt = Date.now();
    let ended = false;
    // next: 'resume' now, 'relist' (expired), 'retry' after the backoff, or an error to classify.
    const end = (next: 'resume' | 'relist' | 'retry' | { error: unknown }) => {
      if (ended || this.disposed) return;
      ended = true;
      this.watchdog.clear();
      this.watchController?.abort();
      const lived = Date.now() - startedAt;
      if (lived >= HEALTHY_MS) this.backoffMs = this.timing.initialBackoffMs;
      if (next === 'resume') void this.watch();
      else if (next === 'relist') {
        this.resourceVersion = undefined;
        this.hooks.expired?.(this);
        void this.list();
      } else if (next === 'retry') this.retryLater();
      else void this.fail(next.error);
    };
    this.watchdog.set(() => end('resume'), (this.timing.watchSeconds + 30) * 1000);
    const query = { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: this.timing.watchSeconds };
    const onEvent = (type: string, object: KubeItem & { code?: number }) => {
      if (ended || this.disposed) return;
      if (type === 'ERROR') {
        // 410 Gone: our resourceVersion is too old; anything else is the apiserver giving up on this watch.
        return end(object?.code === 410 ? 'relist' : { error: { statusCode: object?.code, body: object } });
      }
      if (!object?.metadata) return;
      if (object.metadata.resourceVersion) this.resourceVersion = object.metadata.resourceVersion;
      if (type === 'BOOKMARK') return;
      if (type === 'DELETED' ? this.objects.delete(key(object)) : this.put(object)) this.hooks.changed();
    };
    // A clean end (the server's timeout): watch on from where this one got to; one that ends at once, after the backoff.
    const onDone = (err: unknown) => {
      if (!err) return end(Date.now() - startedAt >= 1000 ? 'resume' : 'retry');
      const status = (err as { statusCode?: number }).statusCode;
      end(status === 410 ? 'relist' : { error: err });
    };
    try {
      this.watchController = await new Watch(this.kc).watch(this.path(), query, onEvent, onDone);
    } catch (err) {
      return end({ error: err });
    }
    if (ended || this.disposed) return this.watchController.abort();
    // Watching again after a failure: the server is back, and what changed meanwhile is on its way.
    if (this.problem) {
      this.problem = undefined;
      this.hooks.changed();
    }
  }

  private async fail(err: unknown): Promise<void> {
    if (this.disposed) return;
    const problem = await this.hooks.failed(this, err);
    if (this.disposed || !problem) return;
    let changed = problem.kind !== this.problem?.kind || problem.message !== this.problem?.message;
    this.problem = problem;
    // Confirmed gone: the objects went with their CRDs, and a watch cannot bring back what did not change.
    if (problem.kind === 'crdsMissing') {
      this.resourceVersion = undefined;
      if (this.objects.size > 0) {
        this.objects.clear();
        changed = true;
      }
    }
    if (changed) this.hooks.changed();
    this.retryLater();
  }

  private retryLater(): void {
    if (this.disposed) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.timing.maxBackoffMs);
    this.retryTimer.set(() => void (this.resourceVersion === undefined ? this.list() : this.watch()), delay);
  }

  /** Stores an object; false when the same resourceVersion is already stored (or it is not one to keep). */
  private put(object: KubeItem): boolean {
    if (this.keep && !this.keep(object)) return false;
    const id = key(object);
    const old = this.objects.get(id);
    if (old && old.metadata.resourceVersion === object.metadata.resourceVersion && object.metadata.resourceVersion) return false;
    this.objects.set(id, object);
    return true;
  }

  /** Replaces every object with a list's items; true when anything differs. */
  private replaceAll(items: KubeItem[]): boolean {
    let changed = false;
    const fresh = new Map<string, KubeItem>();
    for (const item of items) {
      if (!isKept(item, this.keep)) continue;
      const old = this.objects.get(key(item));
      if (!old || old.metadata.resourceVersion !== item.metadata.resourceVersion || !item.metadata.resourceVersion) changed = true;
      fresh.set(key(item), item);
    }
    if (fresh.size !== this.objects.size) changed = true;
    this.objects.clear();
    for (const [id, item] of fresh) this.objects.set(id, item);
    return changed;
  }
}

const key = (o: KubeItem) => `${o.metadata.namespace}/${o.metadata.name}`;

const isKept = (item: KubeItem, keep?: (item: KubeItem) => boolean): boolean => !!item?.metadata && (!keep || keep(item));

/** Per-call client options that make a list abortable (on dispose) and time-limited. */
function withSignal(signal: AbortSignal): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (context: RequestContext) => {
          context.setSignal(signal);
          return new Observable(Promise.resolve(context));
        },
        post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}
