// The contract between the extension and its Kubernetes backend (dist/k8s.js), the only code that loads
// @kubernetes/client-node. The extension imports types from here and loads the backend with require()
// the first time a cluster feature is used, so activation without a cluster loads none of it.
import type { AgentObject, KubeEventObject, TaskObject } from '../../store/k8s/kubeObjects';

export interface BackendLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface KubeContext {
  name: string;
  cluster: string;
  /** API server URL of the context's cluster. */
  server: string;
  /** The context's namespace, if it names one. */
  namespace?: string;
}

/** Why a cluster cannot be shown; each kind gets its own node and action in the tree. */
export type ClusterProblemKind = 'noKubeconfig' | 'unreachable' | 'unauthorized' | 'forbidden' | 'crdsMissing';

export interface ClusterProblem {
  kind: ClusterProblemKind;
  message: string;
}

export interface ClusterSnapshot {
  /** connecting: first lists not in yet; online: lists in and watches running; problem: see `problem`. */
  state: 'connecting' | 'online' | 'problem';
  problem?: ClusterProblem;
  /** The namespaces shown: the configured ones, all that have objects, or the fallback. */
  namespaces: string[];
  /** Set when cluster-wide lists were forbidden and the context's namespace is shown instead. */
  fallback?: { from: 'allNamespaces'; reason: string };
  agents: AgentObject[];
  tasks: TaskObject[];
  /** Recent Events about kubeopencode Agents and Tasks; empty where Events cannot be read (they are optional). */
  events: KubeEventObject[];
}

export interface WatchClusterOptions {
  context: string;
  /** Empty: every namespace (a cluster-wide list; falls back to the context's namespace on 403). */
  namespaces: string[];
}

/** The kube-apiserver's service proxy, a port-forward to the Agent's pod, or kubeopencode-server's Agent proxy. */
export type AgentAccess = 'serviceProxy' | 'portForward' | 'kubeopencodeServer';

export interface RelayTarget {
  context: string;
  namespace: string;
  agent: string;
  /** The Agent's spec.port (default 4096). */
  port: number;
  access: AgentAccess;
  /** kubeopencode-server's address, for access `kubeopencodeServer`. */
  kubeopencodeServer?: string;
}

/** A loopback address (127.0.0.1 only) that reaches an Agent's OpenCode server. */
export interface AgentRelay {
  /** e.g. http://127.0.0.1:PORT, without a trailing slash. */
  url: string;
  /** Basic-auth password (user `opencode`) the relay requires of every connection, random per relay. */
  password?: string;
  /** What the relay goes through, for tooltips: e.g. the service-proxy URL or "pod webshop-server-abc:4096". */
  via: string;
  dispose(): void;
}

/** A running Task to stop: through kubeopencode-server when its address is given, else by its stop annotation. */
export interface TaskStopTarget {
  context: string;
  namespace: string;
  name: string;
  /** kubeopencode-server's address; undefined: the annotation is set through the Kubernetes API. */
  kubeopencodeServer?: string;
}

export interface Disposable {
  dispose(): void;
}

export interface KubeBackend {
  /** Contexts of the loaded kubeconfig; empty when there is none. */
  contexts(): KubeContext[];
  currentContext(): string | undefined;
  /** Where the kubeconfig came from, for messages: a path, "KUBECONFIG", "in-cluster" or undefined. */
  source(): string | undefined;
  /** Lists and watches Agents and Tasks; calls `listener` with a full snapshot after every change. */
  watchCluster(options: WatchClusterOptions, listener: (snapshot: ClusterSnapshot) => void): Disposable;
  openRelay(target: RelayTarget): Promise<AgentRelay>;
  /** Asks kubeopencode to stop a running Task; says which way it went, rejects with what to do when refused. */
  stopTask(target: TaskStopTarget): Promise<'kubeopencodeServer' | 'annotation'>;
  dispose(): void;
}

export interface KubeBackendOptions {
  /** A kubeconfig path (from the Kubernetes extension); undefined: KUBECONFIG, then ~/.kube/config. */
  kubeconfigPath?: string;
  log: BackendLogger;
}

/** What dist/k8s.js exports. */
export interface KubeBackendModule {
  createKubeBackend(options: KubeBackendOptions): KubeBackend;
}
