/** The Kubernetes cluster (one kubeconfig context) the sessions view follows. */
export interface ClusterNode {
  readonly kind: 'cluster';
  readonly context: string;
}

export interface NamespaceNode {
  readonly kind: 'namespace';
  readonly context: string;
  readonly namespace: string;
}

/** A kubeopencode Task (Agents are shown as their server's node). */
export interface TaskNode {
  readonly kind: 'task';
  readonly context: string;
  readonly namespace: string;
  readonly name: string;
}

/** A row that explains a problem or a state, with the action that fixes it (e.g. "kubeopencode not installed"). */
export interface NoticeNode {
  readonly kind: 'notice';
  readonly key: string;
  /** The cluster node, or the Agent's server node, the notice sits under. */
  readonly under: ClusterNode | { kind: 'server'; serverId: string };
}

export type ClusterTreeNode = ClusterNode | NamespaceNode | TaskNode | NoticeNode;

/** One object per cluster row, as NodeCache does for sessions: tree refreshes match elements by identity. */
export class ClusterNodeCache {
  private readonly nodes = new Map<string, ClusterTreeNode>();

  cluster(context: string): ClusterNode {
    return this.get(`c\u0000${context}`, () => ({ kind: 'cluster', context }));
  }

  namespace(context: string, namespace: string): NamespaceNode {
    return this.get(`n\u0000${context}\u0000${namespace}`, () => ({ kind: 'namespace', context, namespace }));
  }

  task(context: string, namespace: string, name: string): TaskNode {
    return this.get(`t\u0000${context}\u0000${namespace}\u0000${name}`, () => ({ kind: 'task', context, namespace, name }));
  }

  notice(key: string, under: NoticeNode['under']): NoticeNode {
    const id = `x\u0000${key}`;
    const found = this.nodes.get(id) as NoticeNode | undefined;
    if (found && found.under === under) return found;
    const node: NoticeNode = { kind: 'notice', key, under };
    this.nodes.set(id, node);
    return node;
  }

  private get<T extends ClusterTreeNode>(key: string, make: () => T): T {
    let node = this.nodes.get(key) as T | undefined;
    if (!node) this.nodes.set(key, (node = make()));
    return node;
  }
}
