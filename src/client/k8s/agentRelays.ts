// One loopback relay per Agent, opened when its connection first needs it and reopened after a failure,
// so an Agent that is not reachable yet simply shows as offline and retries like any other server.
import { Disposable, toDisposable } from '../../base/disposable';
import type { EndpointSource } from '../connection/serverConfig';
import type { AgentAccess, AgentRelay, KubeBackend, RelayTarget } from './kubeBackend';

export class AgentRelays extends Disposable {
  private readonly relays = new Map<string, { key: string; relay: Promise<AgentRelay> }>();

  constructor(private readonly backend: KubeBackend) {
    super();
    this._register(toDisposable(() => this.retain(new Set())));
  }

  /** The endpoint source of the Agent `id`; `target()` is read on every (re)open, so it follows changes. */
  endpointFor(id: string, target: () => RelayTarget): EndpointSource {
    return async () => {
      const wanted = target();
      const key = relayKey(wanted);
      let entry = this.relays.get(id);
      if (entry && entry.key !== key) {
        this.close(id);
        entry = undefined;
      }
      if (!entry) {
        entry = { key, relay: this.backend.openRelay(wanted) };
        this.relays.set(id, entry);
        const opened = entry;
        // A relay that failed to open is forgotten, so the connection's next retry opens a new one.
        opened.relay.catch(() => this.relays.get(id) === opened && this.relays.delete(id));
      }
      const relay = await entry.relay;
      return { url: relay.url, password: relay.password };
    };
  }

  close(id: string): void {
    const entry = this.relays.get(id);
    this.relays.delete(id);
    entry?.relay.then(
      (r) => r.dispose(),
      () => undefined,
    );
  }

  /** Closes every relay except those of `keep`. */
  retain(keep: Set<string>): void {
    for (const id of [...this.relays.keys()]) if (!keep.has(id)) this.close(id);
  }
}

function relayKey(t: RelayTarget): string {
  const access: AgentAccess = t.access;
  return [t.context, t.namespace, t.agent, t.port, access, t.kubeopencodeServer ?? ''].join('\u0000');
}
