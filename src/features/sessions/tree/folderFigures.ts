// What a project folder's row says of its sessions (the server's): what they cost, how many, whether the total is
// partial, and whether another folder of the server has the same name. A draw asks once per folder row: every
// folder's figures come from one pass over the roots, kept for the rest of that turn (a draw reads the rows in one
// turn; a store that changes fires a redraw, which comes in a later one). Each row filtering every root and naming
// every folder was folders × roots per draw: 10 000 folders did not finish in 30 s of CPU.
import { folderName } from '../../../store/directoryGroups';
import type { SessionReader } from '../../../store/sessionReader';

export interface FolderFigures {
  cost: number;
  count: number;
  /** Listed by parent, sub-agents below rows not opened are not read: the total is at least this. */
  partial: boolean;
  sharesName: boolean;
}

interface ServerFolders {
  figures: Map<string, FolderFigures>;
  /** How many of the server's folders have each name. */
  named: Map<string, number>;
}

let thisTurn: WeakMap<SessionReader, ServerFolders> | undefined;

export function folderFigures(store: SessionReader, directory: string): FolderFigures {
  if (!thisTurn) {
    thisTurn = new WeakMap();
    queueMicrotask(() => (thisTurn = undefined));
  }
  let folders = thisTurn.get(store);
  if (!folders) thisTurn.set(store, (folders = serverFolders(store)));
  // A row VS Code still holds for a folder whose sessions are gone: nothing in it; its name may still be shared.
  return (
    folders.figures.get(directory) ?? { cost: 0, count: 0, partial: false, sharesName: (folders.named.get(folderName(directory)) ?? 0) > 0 }
  );
}

function serverFolders(store: SessionReader): ServerFolders {
  const figures = new Map<string, FolderFigures>();
  const named = new Map<string, number>();
  const unread = store.anyUnread;
  for (const root of store.roots()) {
    const directory = root.info.directory;
    let folder = figures.get(directory);
    if (!folder) {
      figures.set(directory, (folder = { cost: 0, count: 0, partial: false, sharesName: false }));
      const name = folderName(directory);
      named.set(name, (named.get(name) ?? 0) + 1);
    }
    folder.cost += store.inclusive(root.info.id).cost;
    folder.count++;
    if (unread && !folder.partial) folder.partial = store.partial(root.info.id);
  }
  for (const [directory, folder] of figures) folder.sharesName = named.get(folderName(directory))! > 1;
  return { figures, named };
}
