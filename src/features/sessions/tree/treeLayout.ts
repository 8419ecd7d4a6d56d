// What the tree shows under each node for the current view options (sort, title filter, archived):
// server → directory groups (only when it hosts several) → root sessions → child sessions. The rows other
// features add (what waits, Changes, the cluster) are theirs.
import type { ServerConnection } from '../../../client/serverConnection';
import { directoryGroups } from '../../../store/directoryGroups';
import { isArchived, normalizeQuery, visibleSessionIds } from '../../../store/sessionFilter';
import type { SessionInfo } from '../../../store/events';
import { rootComparer, sortChildren, sortRoots, type SortBy } from '../../../store/sessionOrder';
import type { SessionReader } from '../../../store/sessionReader';
import type { SessionRecord } from '../../../store/sessionRecord';
import type { StoreChange } from '../../../store/storeChange';
import { ListPages } from './listPages';
import type { GroupNode, MoreNode, NodeCache, ServerNode, SessionNode, TreeNode } from './nodes';

export interface ViewOptions {
  sortBy: SortBy;
  /** Title filter (trimmed, never blank). */
  filter?: string;
  showArchived: boolean;
}

/**
 * Per server, derived from its whole store: made again only when the options change or a change could show, hide or
 * regroup a session. A change of figures alone (a session at work, each frame) moves only its roots within their
 * sorted lists: before, each frame made the view and sorted the whole list again (60 000 roots: 113-131 ms a frame).
 */
interface ServerView {
  /** The store it was made from: a server replaced under the same id (renamed, taken over) has a new one. */
  store: SessionReader;
  /** undefined = every session is shown. */
  visible: Set<string> | undefined;
  /** Group directories in display order; empty = no group level. */
  groups: string[];
  /** The shown roots of each folder, grouped on first use: a folder opened filtered every root (folders × roots). */
  rootsByFolder?: Map<string, SessionRecord[]>;
  /** Each session's info the view was made from: a change to its title, folder, archive or parent makes a new view. */
  facts: Map<string, SessionInfo>;
  /** Each root list as sorted at the last frame ('' the server's, else a folder's), with its nodes. */
  sorted: Map<string, SortedList>;
}

interface SortedList {
  records: SessionRecord[];
  nodes: SessionNode[];
}

/** More roots changed in one go than this (a listing): their lists are sorted again whole. */
const MOVED_ONE_BY_ONE = 64;

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

  /** A server that went: its view (each root list it keeps) goes too; the next read under its id makes one afresh. */
  forget(connection: ServerConnection): void {
    this.views.delete(connection.config.id);
  }

  /** The server's store changed (`change`: how; none: anything may have). */
  invalidate(connection: ServerConnection, change?: StoreChange): void {
    const id = connection.config.id;
    const view = this.views.get(id);
    if (!view) return;
    if (!change || view.store !== connection.sessions || change.structure.size > 0 || change.removed.size > 0)
      return void this.views.delete(id);
    const { sessions: store } = connection;
    const moved: SessionRecord[] = [];
    for (const sessionId of change.changed) {
      const record = store.get(sessionId);
      const was = view.facts.get(sessionId);
      if (!record || !was || !sameFacts(was, record.info)) return void this.views.delete(id);
      if (store.parentOf(sessionId) === undefined) moved.push(record);
    }
    // Moved now, while the store is as the frame says: a list read later (VS Code reads between frames) then holds
    // every other root in its place, which the moves' search by halves needs.
    if (moved.length > MOVED_ONE_BY_ONE) view.sorted.clear();
    else if (moved.length > 0) for (const [listKey, list] of view.sorted) this.moveRoots(connection, view, listKey, list, moved);
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
    const listKey = node.kind === 'group' ? node.directory : '';
    let list = view.sorted.get(listKey);
    if (!list) {
      const listed = node.kind === 'group' ? [...(rootsByFolder(view, store).get(node.directory) ?? [])] : store.roots().filter(shown);
      const records = sortRoots(listed, this.current.sortBy, (id) => store.inclusive(id));
      list = { records, nodes: records.map((r) => this.nodes.session(connection, r.info.id)) };
      view.sorted.set(listKey, list);
    }
    return [...list.nodes];
  }

  /** The moved roots of one sorted list put back in their places: each taken out, then each put in by halves. */
  private moveRoots(connection: ServerConnection, view: ServerView, listKey: string, list: SortedList, moved: SessionRecord[]): void {
    const inList = moved.filter((r) => (view.groups.length > 0 ? r.info.directory : '') === listKey);
    const taken: SessionRecord[] = [];
    for (const record of inList) {
      const at = list.records.indexOf(record);
      if (at < 0) continue;
      list.records.splice(at, 1);
      list.nodes.splice(at, 1);
      taken.push(record);
    }
    const compare = rootComparer(this.current.sortBy, (id) => connection.sessions.inclusive(id));
    for (const record of taken) {
      let lo = 0;
      let hi = list.records.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compare(list.records[mid], record) < 0) lo = mid + 1;
        else hi = mid;
      }
      list.records.splice(lo, 0, record);
      list.nodes.splice(lo, 0, this.nodes.session(connection, record.info.id));
    }
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
    if (!view || view.store !== connection.sessions) {
      const { sessions: store } = connection;
      const { filter, showArchived } = this.current;
      // Grouping follows the projects the server hosts, not the filter, so the level does not come and go while typing.
      const listedRoots = store.roots().filter((r) => showArchived || !isArchived(r));
      view = {
        store,
        visible: visibleSessionIds(store, { query: filter, showArchived }),
        groups: directoryGroups(listedRoots.map((r) => r.info.directory)).map((g) => g.directory),
        facts: new Map(Array.from(store.all(), (r) => [r.info.id, r.info])),
        sorted: new Map(),
      };
      this.views.set(connection.config.id, view);
    }
    return view;
  }
}

/** What the view reads of a session besides its figures: the same, the view holds. */
function sameFacts(was: SessionInfo, now: SessionInfo): boolean {
  return (
    was === now ||
    (was.title === now.title &&
      was.directory === now.directory &&
      was.parentID === now.parentID &&
      (was.time.archived ?? undefined) === (now.time.archived ?? undefined))
  );
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
