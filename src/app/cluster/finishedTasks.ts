// The finished Tasks whose session no Agent server lists (their Agent is gone, or its server no longer lists the
// session): where kubeopencode-server's address is set, each namespace's are shown as one more server, "Finished
// Tasks", a loopback relay that reads them through kubeopencode-server's Task session routes.
import { pushTo } from '../../base/arrays';
import { Disposable, toDisposable } from '../../base/disposable';
import type { ServerConfig } from '../../client/connection/serverConfig';
import type { EndpointSource } from '../../client/connection/serverConfig';
import type { AgentRelay, FinishedTaskSession, KubeBackend } from '../../client/k8s/kubeBackend';
import { clusterIndex } from '../../store/k8s/clusterIndex';
import type { TaskObject } from '../../store/k8s/kubeObjects';
import type { ServerRegistry } from '../servers/serverRegistry';
import type { ClusterView } from './clusterView';
import { taskAgentConnection } from './taskSessions';
import { suspendedBecause } from './agentServers';

/** The registry id of a namespace's finished Tasks server (no Agent is named with a leading dot). */
export function finishedTasksServerId(context: string, namespace: string): string {
  return `k8s/${context}/${namespace}/.finished-tasks`;
}

export function finishedTasksServerConfig(context: string, namespace: string, kubeopencodeServer: string): ServerConfig {
  return {
    id: finishedTasksServerId(context, namespace),
    name: 'Finished Tasks',
    url: kubeopencodeServer,
    origin: 'cluster',
    api: 'v1',
    cluster: { context, namespace, agent: '', finishedTasks: true },
  };
}

/** The recorded session of a Task that has ended, if it names one. */
export function recordedSession(task: TaskObject): string | undefined {
  const id = task.status?.session?.id;
  return typeof id === 'string' && id ? id : undefined;
}

/**
 * By namespace, the finished Tasks whose recorded session no Agent server lists: the Task's Agent has no server
 * (deleted, or the Task names none), is suspended (its server is not connected), or its server is online and does not
 * list the session. While an Agent server
 * is not online (connecting, reconnecting) what it lists is not known: a session stays where it was (`shownBefore`),
 * so the rows do not come and go with every reconnect.
 */
export function unlistedTaskSessions(
  view: ClusterView,
  registry: ServerRegistry,
  shownBefore: (namespace: string, sessionId: string) => boolean,
): Map<string, FinishedTaskSession[]> {
  const byNamespace = new Map<string, FinishedTaskSession[]>();
  for (const task of view.snapshot.tasks) {
    const sessionId = recordedSession(task);
    if (!sessionId) continue;
    const { namespace, name } = task.metadata;
    const agent = suspended(view, task) ? undefined : taskAgentConnection(registry, view.context, task);
    if (agent && (agent.state.kind === 'online' ? agent.sessions.get(sessionId) : !shownBefore(namespace, sessionId))) continue;
    pushTo(byNamespace, namespace, { task: name, sessionId });
  }
  return byNamespace;
}

/** Whether the Task's Agent is suspended or on standby: its server is held, so it lists nothing. */
function suspended(view: ClusterView, task: TaskObject): boolean {
  const name = task.spec?.agentRef?.name;
  // Found in the snapshot's index: a search of every Agent per Task cost Tasks × Agents.
  const agent = name && clusterIndex(view.snapshot).agent(task.metadata.namespace, name);
  return !!agent && suspendedBecause(agent) !== undefined;
}

/** One relay per namespace's finished Tasks, opened when its connection first needs it; the set is read live. */
export class FinishedTasksRelays extends Disposable {
  private readonly relays = new Map<string, Promise<AgentRelay>>();
  private sessions = new Map<string, FinishedTaskSession[]>();
  /** By `namespace/task`: why kubeopencode-server did not give the Task's session the last time it was read. */
  private readonly problems = new Map<string, string>();

  constructor(
    private readonly backend: KubeBackend,
    private readonly context: string,
    readonly server: string,
  ) {
    super();
    this._register(toDisposable(() => [...this.relays.keys()].forEach((ns) => this.close(ns))));
  }

  /** Sets the sessions each namespace shows; says the namespaces whose set changed. */
  update(sessions: Map<string, FinishedTaskSession[]>): string[] {
    const changed = [...new Set([...this.sessions.keys(), ...sessions.keys()])].filter(
      (ns) => key(this.sessions.get(ns)) !== key(sessions.get(ns)),
    );
    this.sessions = sessions;
    for (const ns of [...this.relays.keys()]) if (!sessions.has(ns)) this.close(ns);
    return changed;
  }

  /** Why kubeopencode-server did not give the Task's session when last read, if it did not. */
  problem(namespace: string, task: string): string | undefined {
    return this.problems.get(`${namespace}/${task}`);
  }

  /** Whether the namespace's finished Tasks server shows this session. */
  shows(namespace: string, sessionId: string): boolean {
    return !!this.sessions.get(namespace)?.some((s) => s.sessionId === sessionId);
  }

  endpointFor(namespace: string): EndpointSource {
    return async () => {
      let relay = this.relays.get(namespace);
      if (!relay) {
        relay = this.backend.openFinishedTasksRelay({
          context: this.context,
          namespace,
          kubeopencodeServer: this.server,
          sessions: () => this.sessions.get(namespace) ?? [],
          unreadable: (task, reason) =>
            reason === undefined ? this.problems.delete(`${namespace}/${task}`) : this.problems.set(`${namespace}/${task}`, reason),
        });
        this.relays.set(namespace, relay);
        const opened = relay;
        opened.catch(() => this.relays.get(namespace) === opened && this.relays.delete(namespace));
      }
      const open = await relay;
      return { url: open.url, password: open.password };
    };
  }

  private close(namespace: string): void {
    const relay = this.relays.get(namespace);
    this.relays.delete(namespace);
    relay?.then(
      (r) => r.dispose(),
      () => undefined,
    );
  }
}

function key(sessions: FinishedTaskSession[] | undefined): string {
  return (sessions ?? []).map((s) => `${s.task}\u0000${s.sessionId}`).join('\u0001');
}
