// One resource's objects (agents, tasks or pods) with etcd-like resourceVersions and watchers. Every
// change takes the next value of a clock shared by all stores, as an apiserver's resourceVersion does.
import type { KubeObject } from './objects';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export interface Filter {
  /** Undefined: every namespace. */
  namespace?: string;
  /** Equality-based `labelSelector` terms, e.g. { 'kubeopencode.io/agent': 'a' }. */
  labels: Record<string, string>;
}

export class ResourceVersionClock {
  private value = 0;
  next(): string {
    return String(++this.value);
  }
  current(): string {
    return String(this.value);
  }
}

interface Watcher {
  filter: Filter;
  send: (event: WatchEvent) => void;
}

const key = (namespace: string, name: string) => `${namespace}/${name}`;

/** Parses `a=b,c==d`; set-based selectors are not needed by the extension, so they match nothing. */
export function parseLabelSelector(selector: string | null): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (const term of (selector ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)) {
    const match = term.match(/^([^=!\s]+)\s*==?\s*([^=!\s]*)$/);
    if (!match) return undefined;
    labels[match[1]] = match[2];
  }
  return labels;
}

export function matches(object: KubeObject, filter: Filter): boolean {
  if (filter.namespace !== undefined && object.metadata.namespace !== filter.namespace) return false;
  const labels = object.metadata.labels ?? {};
  return Object.entries(filter.labels).every(([k, v]) => labels[k] === v);
}

export class ObjectStore {
  private readonly objects = new Map<string, KubeObject>();
  /** Every change so far, so a watch from a resourceVersion replays what it missed. */
  private readonly history: WatchEvent[] = [];
  /** The resourceVersion up to which history was compacted away: watches from before it are expired (410). */
  private compactedAt = 0;
  private readonly watchers = new Set<Watcher>();

  constructor(private readonly clock: ResourceVersionClock) {}

  set(object: KubeObject): WatchEventType {
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = this.clock.next();
    const id = key(stored.metadata.namespace, stored.metadata.name);
    const type: WatchEventType = this.objects.has(id) ? 'MODIFIED' : 'ADDED';
    this.objects.set(id, stored);
    this.emit({ type, object: stored });
    return type;
  }

  delete(namespace: string, name: string): boolean {
    const id = key(namespace, name);
    const existing = this.objects.get(id);
    if (!existing) return false;
    this.objects.delete(id);
    // DELETED carries the object's last state at the resourceVersion of the deletion.
    const gone = structuredClone(existing);
    gone.metadata.resourceVersion = this.clock.next();
    this.emit({ type: 'DELETED', object: gone });
    return true;
  }

  get(namespace: string, name: string): KubeObject | undefined {
    const found = this.objects.get(key(namespace, name));
    return found && structuredClone(found);
  }

  /** In etcd's key order (namespace, then name), as the apiserver lists. */
  list(filter: Filter): KubeObject[] {
    return [...this.objects.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => o)
      .filter((o) => matches(o, filter))
      .map((o) => structuredClone(o));
  }

  /** Forgets the history up to now, as an etcd compaction does. */
  compact(): void {
    this.compactedAt = Number(this.clock.current());
    this.history.length = 0;
  }

  /** A watch from `resourceVersion` cannot be served: the changes since then were compacted away. */
  expired(resourceVersion: string | null): boolean {
    const since = Number(resourceVersion ?? '0') || 0;
    return since > 0 && since < this.compactedAt;
  }

  /**
   * Without a resourceVersion (or "0") a watch first gets every current object as ADDED; with one, the
   * changes after it. Then live changes. Returns the unsubscribe function.
   */
  watch(filter: Filter, resourceVersion: string | null, send: (event: WatchEvent) => void): () => void {
    const since = Number(resourceVersion ?? '0') || 0;
    if (since === 0) {
      for (const object of this.list(filter)) send({ type: 'ADDED', object });
    } else {
      for (const event of this.history) {
        if (Number(event.object.metadata.resourceVersion) > since && matches(event.object, filter)) send(structuredClone(event));
      }
    }
    const watcher: Watcher = { filter, send };
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private emit(event: WatchEvent): void {
    this.history.push(event);
    for (const watcher of this.watchers) {
      if (matches(event.object, watcher.filter)) watcher.send(structuredClone(event));
    }
  }
}
