// What the tree shows under each node for the current view options (sort, title filter, archived):
// server → directory groups (only when it hosts several) → root sessions → child sessions. The rows other
// features add (what waits, Changes, the cluster) are theirs.
import type { ServerConnection } from '../../../client/serverConnection';
import { directoryGroups } from '../../../store/directoryGroups';
import { isArchived, normalizeQuery, visibleSessionIds } from '../../../store/sessionFilter';
import { sortChildren, sortRoots, type SortBy } from '../../../store/sessionOrder';
import type { SessionReader } from '../../../store/sessionReader';
import type { SessionRecord } from '../../../store/sessionRecord';
import { ListPages } from './listPages';
import type { GroupNode, MoreNode, NodeCache, ServerNode, SessionNode, TreeNode } from './nodes';

export interface ViewOptions {
  sortBy: SortBy;
  /** Title filter (trimmed, never blank). */
  filter?: string;
  showArchived: boolean;
}

/** Per server, derived from its whole store: recomputed only after the store or the options change. */
interface ServerView {
  /** undefined = every session is shown. */
  visible: Set<string> | undefined;
  /** Group directories in display order; empty = no group level. */
  groups: string[];
  /** The shown roots of each folder, grouped on first use: a folder opened filtered every root (folders × roots). */
  rootsByFolder?: Map<string, SessionRecord[]>;
}

export class TreeLayout {
  private current: ViewOptions = { sortBy: 'recent', showArchived: false };
  private readonly views = new Map<string, ServerView>();
  /** How much of each long root list is handed to VS Code. */
  private readonly pages = new ListPages<ServerNode | GroupNode>();
  /** What each "Show more" row said when its list was last handed over: its item reads it, not the whole list again. */
  private readonly hiddenCounts = new WeakMap<MoreNode, number>();

  constructor(
    private readonly nodes: NodeCache,
    /** The server a row names, while it is registered. */
    private readonly connectionOf: (serverId: string) => ServerConnection | undefined,
  ) {}

  get options(): ViewOptions {
    return this.current;
  }

  set options(options: ViewOptions) {
    this.current = { ...options, filter: normalizeQuery(options.filter) };
    this.views.clear();
  }

  /** True when a change to one session can show or hide its ancestors. */
  get filtering(): boolean {
    return this.current.filter !== undefined;
  }

  invalidate(connection: ServerConnection): void {
    this.views.delete(connection.config.id);
  }

  /**
   * What VS Code is handed under `node`: a root list (a server's or a folder's sessions) of more than a page
   * shows its first pages and a "Show more" row, so that VS Code never builds thousands of items at once.
   */
  shown(node: Exclude<TreeNode, { kind: 'more' }>): TreeNode[] {
    const all = this.children(node);
    if (node.kind === 'session' || all[0]?.kind !== 'session') return all;
    const { shown, hidden } = this.pages.page(node, all);
    if (!hidden) return shown;
    const more = this.nodes.more(node);
    this.hiddenCounts.set(more, hidden);
    return [...shown, more];
  }

  /** The sessions of a "Show more" row's list not shown yet. */
  hidden(node: MoreNode): number {
    return this.hiddenCounts.get(node) ?? Math.max(0, this.children(node.list).length - this.pages.limit(node.list));
  }

  /** The "Show more" row: its list shows one page more. */
  showMore(node: MoreNode): void {
    this.pages.showMore(node.list);
  }

  /**
   * The list that holds the session's row (its root's, for a sub-agent), that root's node, and whether that
   * list's page had to grow to include it.
   */
  include(connection: ServerConnection, sessionId: string): { list: ServerNode | GroupNode; root: SessionNode; grew: boolean } | undefined {
    const at = this.rootListOf(connection, sessionId);
    if (!at) return undefined;
    const index = this.children(at.list).findIndex((n) => n.kind === 'session' && n.sessionId === at.rootId);
    if (index < 0) return undefined;
    return { list: at.list, root: this.nodes.session(connection, at.rootId), grew: this.pages.include(at.list, index) };
  }

  /** Every row of the list under `node` (the tree hands VS Code a page of a long one). */
  children(node: Exclude<TreeNode, { kind: 'more' }>): TreeNode[] {
    const connection = this.connectionOf(node.serverId);
    if (!connection) return [];
    const { sessions: store } = connection;
    const view = this.view(connection);
    const shown = (r: SessionRecord) => !view.visible || view.visible.has(r.info.id);
    const toNodes = (records: SessionRecord[]) => records.map((r) => this.nodes.session(connection, r.info.id));
    if (node.kind === 'session') return toNodes(sortChildren(store.childrenOf(node.sessionId).filter(shown)));
    if (node.kind === 'server' && view.groups.length > 0) {
      // Under a filter, a group with no match left disappears rather than showing empty.
      const used = rootsByFolder(view, store);
      return view.groups.filter((dir) => used.has(dir)).map((dir) => this.nodes.group(connection, dir));
    }
    const listed = node.kind === 'group' ? (rootsByFolder(view, store).get(node.directory) ?? []) : store.roots().filter(shown);
    return toNodes(sortRoots(listed, this.current.sortBy, (id) => store.inclusive(id)));
  }

  parent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'server') return undefined;
    if (node.kind === 'more') return node.list;
    const connection = this.connectionOf(node.serverId);
    if (!connection) return undefined;
    const server = this.nodes.server(connection);
    if (node.kind === 'group') return server;
    const parentId = connection.sessions.parentOf(node.sessionId);
    if (parentId) return this.nodes.session(connection, parentId);
    const record = connection.sessions.get(node.sessionId);
    return record && this.view(connection).groups.length > 0 ? this.nodes.group(connection, record.info.directory) : server;
  }

  /** The root list (a server's or a folder's) a session is in through its root ancestor, and that root's id. */
  private rootListOf(connection: ServerConnection, sessionId: string): { list: ServerNode | GroupNode; rootId: string } | undefined {
    const { sessions: store } = connection;
    let rootId = sessionId;
    for (let parent = store.parentOf(rootId), hops = 0; parent && hops < 10_000; parent = store.parentOf(rootId), hops++) rootId = parent;
    const list = this.parent(this.nodes.session(connection, rootId));
    return list && (list.kind === 'server' || list.kind === 'group') ? { list, rootId } : undefined;
  }

  private view(connection: ServerConnection): ServerView {
    let view = this.views.get(connection.config.id);
    if (!view) {
      const { sessions: store } = connection;
      const { filter, showArchived } = this.current;
      // Grouping follows the projects the server hosts, not the filter, so the level does not come and go while typing.
      const listedRoots = store.roots().filter((r) => showArchived || !isArchived(r));
      view = {
        visible: visibleSessionIds(store, { query: filter, showArchived }),
        groups: directoryGroups(listedRoots.map((r) => r.info.directory)).map((g) => g.directory),
      };
      this.views.set(connection.config.id, view);
    }
    return view;
  }
}

/** The view's shown roots by folder, made once per view (a store change or new options make a new view). */
function rootsByFolder(view: ServerView, store: SessionReader): Map<string, SessionRecord[]> {
  if (view.rootsByFolder) return view.rootsByFolder;
  const byFolder = new Map<string, SessionRecord[]>();
  for (const root of store.roots()) {
    if (view.visible && !view.visible.has(root.info.id)) continue;
    const list = byFolder.get(root.info.directory);
    if (list) list.push(root);
    else byFolder.set(root.info.directory, [root]);
  }
  return (view.rootsByFolder = byFolder);
}
