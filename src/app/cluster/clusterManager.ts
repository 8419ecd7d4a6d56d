// Follows the cluster settings: when enabled, loads the Kubernetes backend, watches kubeopencode's Agents and
// Tasks in the chosen context, and hands each Agent's OpenCode server to the registry as a connection
// reached through a loopback relay, so Agents get every feature local servers have.
import * as vscode from 'vscode';
import { Emitter } from '../../base/emitter';
import type { Logger } from '../../base/logger';
import { Disposable as Part } from '../../base/disposable';
import type { ClusterServer, ServerRegistry } from '../servers/serverRegistry';
import { agentId, agentPort, agentServerConfig, becameReady, suspendedBecause } from './agentServers';
import { AgentRelays } from '../../client/k8s/agentRelays';
import { readClusterSettings, type ClusterSettings } from './clusterSettings';
import { affectsSetting } from '../settings/settingAccess';
import type { ClusterProblem, Disposable, KubeBackend, KubeContext } from '../../client/k8s/kubeBackend';
import { openKubeBackend } from './loadKubeBackend';
import type { ClusterView } from './clusterView';
import type { ServerConnection } from '../../client/serverConnection';
import type { TaskObject } from '../../store/k8s/kubeObjects';
import {
  FinishedTasksRelays,
  finishedTasksServerConfig,
  finishedTasksServerId,
  recordedSession,
  unlistedTaskSessions,
} from './finishedTasks';

const SETTINGS_SETTLE_MS = 100;

function accessText(access: ClusterSettings['access']): string {
  return access === 'portForward' ? 'port-forward' : access === 'kubeopencodeServer' ? 'kubeopencode-server' : 'service proxy';
}

export class ClusterManager extends Part {
  private readonly changed = this._register(new Emitter<ClusterView | undefined>());
  /** A new snapshot, or the cluster view turned off. */
  readonly onDidChange = this.changed.event;
  private current: ClusterView | undefined;
  private backend: KubeBackend | undefined;
  private relays: AgentRelays | undefined;
  /** Where kubeopencode-server is set: the finished Tasks whose session no Agent server lists. */
  private finished: FinishedTasksRelays | undefined;
  private agentServers: ClusterServer[] = [];
  /** Each Agent server's state changes, which decide what it lists. */
  private readonly followed = new Map<ServerConnection, vscode.Disposable>();
  private readonly finishedTimer = this.ownTimer();
  private watch: Disposable | undefined;
  private extensionEvents: vscode.Disposable | undefined;
  private generation = 0;
  private readonly settingsTimer = this.ownTimer();

  constructor(
    private readonly extensionPath: string,
    private readonly registry: ServerRegistry,
    private readonly log: Logger,
  ) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsSetting(e, 'kubernetes')) return;
        // Show Kubernetes Cluster writes three settings in a row: one restart (re-read, re-list) for all.
        this.settingsTimer.set(() => void this.restart(), SETTINGS_SETTLE_MS);
      }),
    );
    this._register({
      dispose: () => {
        this.generation++;
        this.stopWatching();
        this.disposeBackend();
      },
    });
  }

  /** What the tree shows; undefined while the cluster feature is off. */
  get view(): ClusterView | undefined {
    return this.current;
  }

  start(): void {
    void this.restart();
  }

  /** Contexts of the kubeconfig the cluster view uses (loads the backend). */
  async contexts(): Promise<{ contexts: KubeContext[]; current?: string }> {
    const backend = await this.ensureBackend(readClusterSettings());
    return { contexts: backend.contexts(), current: backend.currentContext() };
  }

  /**
   * Asks kubeopencode to stop a running Task of the cluster shown: through kubeopencode-server where its address is
   * set, else by the Task's stop annotation. Rejects with what to do when refused.
   */
  async stopTask(context: string, namespace: string, name: string): Promise<'kubeopencodeServer' | 'annotation'> {
    const view = this.current;
    if (!view || !this.backend) throw new Error(vscode.l10n.t('The cluster view is off.'));
    // The context can change while the confirmation is open; a Task of the same name elsewhere is not the one meant.
    if (view.context !== context)
      throw new Error(vscode.l10n.t('The cluster shown is now context {0}, not {1}: nothing was stopped.', view.context, context));
    const server = view.settings.kubeopencodeServer;
    return this.backend.stopTask({ context: view.context, namespace, name, kubeopencodeServer: server || undefined });
  }

  /** Starts over: re-reads the kubeconfig, re-lists everything and reopens relays (the Retry action). */
  async restart(): Promise<void> {
    const generation = ++this.generation;
    this.stopWatching();
    const settings = readClusterSettings();
    void vscode.commands.executeCommand('setContext', 'opencodeSessions.clusterEnabled', settings.enabled);
    if (!settings.enabled) {
      this.disposeBackend();
      this.publish(undefined);
      return;
    }
    this.disposeBackend(); // the kubeconfig may have changed on disk
    let backend: KubeBackend;
    try {
      backend = await this.ensureBackend(settings);
    } catch (err) {
      if (generation !== this.generation) return;
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`Kubernetes: ${message}`);
      this.publishProblem(settings, settings.context || 'Kubernetes', { kind: 'noKubeconfig', message });
      return;
    }
    if (generation !== this.generation) return;
    const context = settings.context || backend.currentContext() || '';
    const known = backend.contexts();
    if (known.length === 0 || !known.some((c) => c.name === context)) {
      const message =
        known.length === 0
          ? vscode.l10n.t('No kubeconfig found: set KUBECONFIG, create ~/.kube/config, or choose a kubeconfig file.')
          : vscode.l10n.t('The context "{0}" is not in the kubeconfig ({1}).', context, known.map((c) => c.name).join(', '));
      this.publishProblem(settings, context || 'Kubernetes', { kind: 'noKubeconfig', message }, backend.source());
      return;
    }
    this.log.info(
      `Kubernetes: watching kubeopencode in context ${context} (${settings.namespaces.length ? settings.namespaces.join(', ') : 'all namespaces'}, ${accessText(settings.access)}).`,
    );
    const relays = (this.relays = new AgentRelays(backend));
    if (settings.kubeopencodeServer) this.finished = new FinishedTasksRelays(backend, context, settings.kubeopencodeServer);
    this.publish({
      context,
      settings,
      source: backend.source(),
      snapshot: { state: 'connecting', namespaces: settings.namespaces, agents: [], tasks: [], events: [] },
    });
    this.watch = backend.watchCluster({ context, namespaces: settings.namespaces }, (snapshot) => {
      if (generation !== this.generation) return;
      this.applySnapshot({ context, settings, source: backend.source(), snapshot }, relays);
    });
  }

  private applySnapshot(view: ClusterView, relays: AgentRelays): void {
    const before = new Map((this.current?.snapshot.agents ?? []).map((a) => [agentId(view.context, a), a]));
    const servers: ClusterServer[] = view.snapshot.agents.map((agent) => {
      const id = agentId(view.context, agent);
      const config = agentServerConfig(view.context, agent);
      return {
        config,
        heldBecause: suspendedBecause(agent),
        endpoint: relays.endpointFor(id, () => {
          const latest = this.current?.snapshot.agents.find((a) => agentId(view.context, a) === id) ?? agent;
          return {
            context: view.context,
            namespace: agent.metadata.namespace,
            agent: agent.metadata.name,
            port: agentPort(latest),
            access: view.settings.access,
            kubeopencodeServer: view.settings.kubeopencodeServer,
          };
        }),
      };
    });
    this.current = view;
    relays.retain(new Set(servers.map((s) => s.config.id)));
    this.agentServers = servers;
    this.setServers();
    // An Agent that just became ready is tried now rather than at the end of its backoff (a suspended one's
    // connection is held, and setClusterServers has just released it).
    for (const agent of view.snapshot.agents) {
      const was = before.get(agentId(view.context, agent));
      if (becameReady(was, agent)) this.registry.get(agentId(view.context, agent))?.reconnect();
    }
    this.changed.fire(view);
  }

  /**
   * The connection that shows a finished Task's session when no Agent server lists it (its namespace's finished
   * Tasks server), else undefined.
   */
  finishedTaskConnection(task: TaskObject): ServerConnection | undefined {
    const view = this.current;
    const id = recordedSession(task);
    if (!view || !id || !this.finished?.shows(task.metadata.namespace, id)) return undefined;
    return this.registry.get(finishedTasksServerId(view.context, task.metadata.namespace));
  }

  /** Why kubeopencode-server did not give a finished Task's session when its finished Tasks server last read it. */
  finishedTaskProblem(task: TaskObject): string | undefined {
    return this.finished?.problem(task.metadata.namespace, task.metadata.name);
  }

  /** Hands the Agents' servers and the finished Tasks servers to the registry; a server whose set changed lists again. */
  private setServers(): void {
    const view = this.current;
    const finished = this.finished;
    const sessions =
      view && finished ? unlistedTaskSessions(view, this.registry, (ns, id) => finished.shows(ns, id)) : new Map<string, never[]>();
    const changed = finished?.update(sessions) ?? [];
    const existed = view ? changed.map((ns) => this.registry.get(finishedTasksServerId(view.context, ns))) : [];
    const finishedServers: ClusterServer[] =
      view && finished
        ? [...sessions.keys()].map((ns) => ({
            config: finishedTasksServerConfig(view.context, ns, finished.server),
            endpoint: finished.endpointFor(ns),
          }))
        : [];
    this.registry.setClusterServers([...this.agentServers, ...finishedServers]);
    for (const connection of existed) if (connection && this.registry.get(connection.config.id) === connection) connection.reconnect();
    this.followAgents();
  }

  /** An Agent server going online (its list in) or offline changes which finished sessions it lists. */
  private followAgents(): void {
    const agents = new Set(
      this.agentServers.map((s) => this.registry.get(s.config.id)).filter((c): c is ServerConnection => c !== undefined),
    );
    for (const [connection, subscription] of [...this.followed])
      if (!agents.has(connection)) {
        subscription.dispose();
        this.followed.delete(connection);
      }
    if (!this.finished) return;
    for (const connection of agents)
      if (!this.followed.has(connection))
        this.followed.set(
          connection,
          connection.onDidChangeState(() => {
            if (this.finishedTimer.pending) return;
            this.finishedTimer.set(() => {
              if (!this.current) return;
              this.setServers();
              this.changed.fire(this.current);
            }, 0);
          }),
        );
  }

  private publishProblem(settings: ClusterSettings, context: string, problem: ClusterProblem, source?: string): void {
    this.publish({ context, settings, source, snapshot: { state: 'problem', problem, namespaces: [], agents: [], tasks: [], events: [] } });
  }

  private publish(view: ClusterView | undefined): void {
    this.current = view;
    this.agentServers = [];
    this.registry.setClusterServers([]);
    this.followAgents();
    this.changed.fire(view);
  }

  private async ensureBackend(settings: ClusterSettings): Promise<KubeBackend> {
    if (this.backend) return this.backend;
    const { backend, events } = await openKubeBackend(this.extensionPath, settings, this.log, () => void this.restart());
    this.backend = backend;
    this.extensionEvents = events;
    return backend;
  }

  private stopWatching(): void {
    this.watch?.dispose();
    this.watch = undefined;
    this.relays?.dispose();
    this.relays = undefined;
    this.finished?.dispose();
    this.finished = undefined;
    this.finishedTimer.clear();
    for (const subscription of this.followed.values()) subscription.dispose();
    this.followed.clear();
  }

  private disposeBackend(): void {
    this.extensionEvents?.dispose();
    this.extensionEvents = undefined;
    this.backend?.dispose();
    this.backend = undefined;
  }
}
