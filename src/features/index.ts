// Every feature, registered against the app in one place: the only file that knows them all. Features never
// import one another; what one shows in another's view goes through the app (see ARCHITECTURE.md).
import { registerAttention } from './attention';
import { registerBudget } from './budget';
import { registerChanges, type ChangedFileNode, type ChangedMeanwhileNode, type ChangesNode } from './changes';
import { registerCluster, type ClusterTree, type ClusterTreeNode } from './cluster';
import { registerInbox, type RequestNode } from './inbox';
import { registerPlan } from './plan';
import { registerSearch } from './search';
import { registerTranscripts } from './transcripts';
import { registerServers } from './servers';
import { registerSessions, type SessionTreeProvider, type SessionsNode } from './sessions';
import { registerStatusBar } from './statusBar';
import { registerUsage } from './usage';

/** The app every feature registers against (src/app). */
type App = Parameters<typeof registerSessions>[0];

/** Every row of the sessions view, whichever feature draws it. */
export type ViewNode = SessionsNode | RequestNode | ChangesNode | ChangedMeanwhileNode | ChangedFileNode | ClusterTreeNode;

export interface Features {
  /** The sessions view; `clusterTree` is its cluster part, whose totals the cluster test reads. */
  tree: SessionTreeProvider<ViewNode> & { readonly clusterTree?: ClusterTree };
  /** The sessions view itself: what a reveal selected, for the tests. */
  sessionsView: ReturnType<typeof registerSessions>['view'];
  /** The Switch Session pick shown now, for the tests. */
  switchPick: ReturnType<typeof registerSessions>['switchPick'];
  localServer: ReturnType<typeof registerServers>['localServer'];
  waitingStatusBar: ReturnType<typeof registerInbox>['waitingStatusBar'];
  requestNotifier: ReturnType<typeof registerInbox>['requestNotifier'];
  /** The input a form's answer is typed or picked in now, for the tests. */
  formInputs: ReturnType<typeof registerInbox>['formInputs'];
  changes: ReturnType<typeof registerChanges>['changes'];
  usage: ReturnType<typeof registerUsage>['usage'];
  budgetEnforcer: ReturnType<typeof registerBudget>['budgetEnforcer'];
  /** Pausing and resuming for budgets: the Raise Budget and Resume input, the prompts a pause held. */
  budgetPause: ReturnType<typeof registerBudget>['budgetPause'];
  statusBar: ReturnType<typeof registerStatusBar>['statusBar'];
  /** Every server's content index, the search pick shown now and the transcripts, for the tests. */
  search: ReturnType<typeof registerSearch>['search'];
  searchPick: ReturnType<typeof registerSearch>['searchPick'];
  transcripts: ReturnType<typeof registerTranscripts>['transcripts'];
  /** Stop Task's confirmation, which the extension-host tests answer. */
  stopTaskPrompts: ReturnType<typeof registerCluster>['stopTaskPrompts'];
}

export function registerFeatures(app: App): Features {
  // The servers first: the local server is disposed first, while the log and the registry still work.
  const servers = registerServers(app);
  const { tree, view, switchPick } = registerSessions(app);
  const inbox = registerInbox(app);
  const changes = registerChanges(app);
  const { clusterTree, stopTaskPrompts } = registerCluster(app);
  const usage = registerUsage(app);
  const budget = registerBudget(app);
  const statusBar = registerStatusBar(app);
  registerPlan(app);
  registerAttention(app);
  const search = registerSearch(app);
  const transcripts = registerTranscripts(app);
  // The tree draws every feature's rows; their union is known here only.
  return {
    tree: Object.assign(tree as SessionTreeProvider<ViewNode>, { clusterTree }),
    sessionsView: view,
    switchPick,
    stopTaskPrompts,
    ...servers,
    ...inbox,
    ...changes,
    ...usage,
    ...budget,
    ...statusBar,
    ...search,
    ...transcripts,
  };
}
