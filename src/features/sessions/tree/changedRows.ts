// The rows and lists of the sessions view one store change touches: the rows to redraw, and the lists whose order may
// have moved (compared once per flush, refreshQueue.ts). A server decides how many sessions a frame changes and how
// they hang (a listing changes every one at once): each session is walked once per change.
import type { ServerConnection } from '../../../client/serverConnection';
import type { StoreChange } from '../../../store/storeChange';
import type { NodeCache, TreeNode } from './nodes';
import type { TreeLayout } from './treeLayout';

export interface ChangedRows {
  /** Rows to redraw: changed rows VS Code was handed, and parents whose children changed. */
  readonly rows: Set<TreeNode>;
  /** Lists whose content may have moved; each is refreshed only if what it shows now differs. */
  readonly lists: Set<TreeNode>;
}

/** `serverShown`: the rows last handed to VS Code under the server (its folders, when it has several). */
export function changedRows(
  connection: ServerConnection,
  change: StoreChange,
  nodes: NodeCache,
  layout: TreeLayout,
  serverShown: readonly TreeNode[],
): ChangedRows {
  const { sessions: store } = connection;
  const server = nodes.server(connection);
  const rows = new Set<TreeNode>();
  const lists = new Set<TreeNode>();
  for (const parent of change.structure) {
    if (parent !== undefined) rows.add(nodes.session(connection, parent));
    else for (const node of [server, ...serverShown]) if (node.kind === 'server' || node.kind === 'group') lists.add(node);
  }
  // A new total can move a row within its list; under a title filter, a changed title can also show or hide its
  // ancestors, so their lists and rows are checked too. An ancestor walked already this change was walked up to its
  // root: a chain of n changed sub-agents is n steps, not n²/2.
  const walked = new Set<string>();
  for (const id of change.changed)
    for (let cur: string | undefined = id; cur && !walked.has(cur); cur = layout.filtering ? store.parentOf(cur) : undefined) {
      walked.add(cur);
      const row = nodes.existingSession(connection, cur);
      if (row) rows.add(row);
      const list = layout.parent(nodes.session(connection, cur));
      if (list) lists.add(list);
      if (list?.kind === 'group') lists.add(server);
    }
  return { rows, lists };
}
