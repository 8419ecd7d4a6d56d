import type { ApiPreference } from '../serverApi';
// What identifies a server and how requests reach it.
import type { ServerEndpoint } from '../transport/endpoint';

export interface ServerConfig {
  /** Stable key (the normalized URL). */
  id: string;
  name?: string;
  url: string;
  /**
   * configured: from settings; discovered: answered on 127.0.0.1:4096; embedded: started by this extension;
   * cluster: a kubeopencode Agent (its `url` is the in-cluster URL, reached through a loopback relay).
   */
  origin: 'configured' | 'discovered' | 'embedded' | 'cluster';
  /** Which API to speak: `auto` (default) asks the server; `v1`/`v2` force one (settings: `api`). */
  api?: ApiPreference;
  /**
   * A discovered server: how it was found, for its row ("OpenCode 2 service (service.json)", "127.0.0.1:4096").
   * Such a server never gets a stored password: only what it was found with.
   */
  found?: { by: 'service' | 'probe'; where: string };
  /** Where a cluster Agent lives, for placing it in the tree. */
  cluster?: AgentPlacement;
}

export interface AgentPlacement {
  /** The cluster's key (its kubeconfig context). */
  context: string;
  namespace: string;
  /** The Agent's name; empty for the namespace's finished Tasks (`finishedTasks`). */
  agent: string;
  /** Not an Agent: the sessions of the namespace's finished Tasks that no Agent server lists, read through kubeopencode-server. */
  finishedTasks?: boolean;
}

/** Where requests go: the config's URL with its password, or for a cluster Agent a relay opened on demand. */
export type EndpointSource = () => Promise<ServerEndpoint>;
