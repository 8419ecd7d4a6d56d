// Exports of the app's and features' modules, most bound to VS Code's API (the scale worker cannot load `vscode`),
// that read nothing of their own a server, a cluster, a model, a file or another window sends, each with why
// (../notReaders.ts): they render or hand on what registered readers produced, hold what their callers give, or act
// on the user's own input. Where one loops, the loop is named with its bound.
const RENDERS = 'renders in VS Code’s words what the readers it calls produced (each registered or classed): constant work per row';
const HOLDS = 'holds and schedules what its callers hand it (a Map or a Set, each entry handled once): parses nothing';

export const handOnsNotReaders: Record<string, string> = {
  'src/api/pauseOf.ts#pauseOf':
    'the plugin’s question answered from the pause book (read by PauseBook, registered) and the store: one pass over the pauses held, rootOf (registered)',
  'src/api/sessionStatusOf.ts#connectionOf': 'one Map lookup per registered server (the user’s own list): no text read',
  'src/api/sessionStatusOf.ts#sessionStatusOf':
    'hands the session to statusTree, loadMessages, contextLimits and buildSessionStatus (registered, readers/sessionsRead.ts and readers/plugin.ts)',
  'src/app/budgets/budgetFigures.ts#WideFigures':
    'the windows and the all-sessions total from SpendWindows and serverTotal, at most once a second; its own work is per budget and per server',
  'src/app/budgets/forecastWords.ts#paceHeadline': 'words for the pace SpendWindows holds: forecastAll over three windows, constant work',
  'src/app/budgets/pauseLedger.ts#PauseLedgerWriter':
    'writes the pauses that hold to the ledger file (one pass over them, each copied once): reads nothing',
  'src/app/sessions/activeSession.ts#ActiveSession':
    'hands each frame to ActiveFollow (registered, readers/frames.ts) and keeps one session ref in the workspace memento',
  'src/app/servers/serverTreeItem.ts#serverTreeItem':
    'a server row: its state, serverTotal (registered) once and offerLines (classed) in its tooltip: constant work of its own',
  'src/app/sessions/sessionsModel.ts#SessionsModel':
    'gathers what each connection’s store reports into one change per frame (Maps of changed ids, each id once): parses nothing',
  'src/features/budget/budgetNotices.ts#failures':
    'one sentence per failed stop (a store lookup, quotedTitle and messageSafe, both classed): linear in the stops',
  'src/features/budget/budgetWarnings.ts#BudgetWarnings':
    'compares the active session’s figures (WideFigures) with the user’s budget settings, per budget: constant work',
  'src/features/budget/heldPrompts.ts#HeldPrompts':
    'stops the prompted sessions BudgetPauses reports (one server call each), said once per paused tree no pause notice told of: linear in the pauses',
  'src/features/budget/pauseCommands.ts#PauseActions':
    'the user’s Raise Budget and Resume actions over the pauses the book holds (one pass each), the new limit typed by the user',
  'src/features/budget/pauseSpend.ts#budgetHolds': 'spentAgainst and the user’s budget settings: constant work',
  'src/features/budget/pauseSpend.ts#spentAgainst':
    'one pause’s spend: the window’s figure SpendWindows holds, or inclusive (registered) of its root: constant work',
  'src/features/budget/sessionPauser.ts#SessionPauser':
    'sends each target’s stop or resume through its server (mapPooled, a few at a time) and writes the answers to the book: linear in the targets',
  'src/features/changes/changeDocuments.ts#changeUri': 'a document URI from a change ref, its path through safePath (registered): linear',
  'src/features/changes/changeDocuments.ts#parseChangeUri':
    'this extension’s own URI (URLSearchParams, one split of its turns list): linear in the URI',
  'src/features/changes/changeDocuments.ts#findChangedFile':
    'a turn’s changed files scanned once, or the set’s file through fileInSet (registered, readers/changeRowIndex.ts), as the change-set readers (readers/changeSets.ts) kept them: linear',
  'src/features/changes/changeDocuments.ts#ChangeDocuments':
    'serves one side of a diff the change-set readers (registered) read, cut at SHOWN_CHARS: linear in the text',
  'src/features/changes/openChange.ts#registerOpenChangedFile':
    'registers Open File and Open Changes; the server’s path is judged by containedChangedFile (registered, readers/files.ts)',
  'src/features/inbox/requestRows.ts#RequestRows':
    'hands a drawn session row to RequestNodes (registered, readers/requestNodes.ts), which reads that session’s requests only; a row’s TreeItem is one lookup and requestTreeItem (classed)',
  'src/features/inbox/requestTarget.ts#RequestTargets':
    'the request a command answers: the row it came from, or the user’s pick among WaitingRequests (registered): linear',
  'src/features/servers/localServer.ts#LocalServerManager':
    'decides which local server is shown; the probe, the service file and the process are read by probeLocalServer, ServiceFollower and EmbeddedServer',
  'src/features/servers/pairingCommand.ts#registerPairingCommand':
    'the user’s code and name, redeemed by redeemPairingCode (registered, readers/pairing.ts); one pass over the user’s server settings',
  'src/features/sessions/commands/compactionWaiter.ts#waitForCompaction':
    'on each store change, one lookup of the session and two comparisons (its compactions, its last error): constant work',
  'src/features/sessions/tree/rowListFigures.ts#RowListFigures':
    'keeps listFigures (registered) per session and forgets what a frame reports changed, each id once: linear in the frame',
  'src/features/sessions/tree/sessionTooltip.ts#sessionTooltip':
    'hands the session to writeSessionHover (registered, readers/sessionsRead.ts) with VS Code’s MarkdownString as the sink',
  'src/features/sessions/tree/sessionTreeItem.ts#sessionTreeItem': RENDERS,
  'src/features/sessions/tree/treeItems.ts#treeItemOf': 'picks the renderer of a row by its kind: constant work',
  'src/features/sessions/tree/treeItems.ts#sessionTooltipOf': 'loadSessionContext (classed) then sessionTooltip: constant work of its own',
  'src/features/sessions/tree/totalsRefresh.ts#TotalsRefresh': HOLDS,
  'src/features/sessions/tree/nodes.ts#NodeCache': HOLDS,
  'src/features/statusBar/sessionLines.ts#sessionLines':
    'one session’s figures in words (inclusive and list figures, registered; its model and context, classed); childrenOf once: linear in its children',
  'src/features/statusBar/spendLines.ts#spendLines':
    'the budget figures in words: four budgets and one pace per server (labels the user’s or their Agents’, joined once): linear in the servers',
  'src/features/statusBar/statusText.ts#statusLabel': RENDERS,
  'src/features/statusBar/statusText.ts#statusText': RENDERS,
  'src/features/statusBar/statusTooltip.ts#statusTooltip': RENDERS,
  'src/features/usage/exportSteps.ts#exportSteps':
    'writes the table csvSteps or jsonSteps (registered, readers/usageExport.ts) made; the title goes through one character-class replace and a dash trim: linear',
  'src/features/usage/usagePanelHost.ts#UsagePanelHost':
    'opens, restores and retargets the one usage panel on the active session: no text of its own read',
  'src/app/sessions/sessionsView.ts#SessionsView':
    'the contract the features fill: finds a row’s owner among the few features that add rows (a find over them): constant work',
  'src/features/servers/portOwner.ts#listenerUids':
    'reads the kernel’s /proc/net/tcp table through loopbackListeners, not a server’s answer',
  'src/features/servers/portOwner.ts#portOwnerProblem':
    'the kernel’s /proc/net/tcp and tcp6 tables through listenerUids, and the user’s own server URL: no server text',
  'src/features/servers/probeLocalServer.ts#probeLocalServer':
    'hands what answers on the local port to identify (registered, readers/client.ts) and picks one of four results from it',
  'src/app/servers/serverRegistry.ts#ServerRegistry':
    'the user’s server settings (and the local server found): each configured server matched once against the connections, both the user’s own list',
  'src/app/commands/sessionTarget.ts#SessionTargets':
    'the row or selection a command names (two Map lookups), else the user’s pick: one pass over every session with sessionTitle (classed), once per command',
  'src/features/budget/budgetNotices.ts#BudgetNotices':
    'one notification per tree or window an abort batch covered, its words from failures and quotedTitle (classed): linear in the results',
  'src/features/changes/changeRows.ts#ChangeRows':
    'one row per changed file of a change set the registered readers made (readers/changeSets.ts); each row finds its file and node through changeRowIndex (registered, readers/changeRowIndex.ts): one Map look-up a row, a removed session forgets its own nodes only',
  'src/features/inbox/requestNotifier.ts#RequestNotifier':
    'per frame, one Map over what WaitingRequests (registered) lists and one over the requests seen (our own keys split once): linear',
  'src/base/node/ownerFile.ts#OwnerFile':
    'asks ProcessClaim at most once a second whether this window holds the file: reads nothing itself',
  'src/features/servers/installStatusTool.ts#registerInstallStatusTool':
    'OpenCode’s config read by readConfigFile (registered, readers/files.ts), parsed once by JSON.parse, changed by withStatusPlugin (classed)',
  'src/app/goPlan/goPlanModel.ts#GoPlanModel':
    'reads the plan through fetchGoUsage (registered) at most once a minute; keeps each window’s readings of the last hour: bounded',
  'src/features/servers/serviceFollower.ts#ServiceFollower':
    'service.json read by findService and readRegistration (classed); logs each line findService ignored, once: linear',
  'src/features/sessions/commands/switchSession.ts#SwitchPick':
    'the pick’s rows from switchItems (registered, readers/sessionsRead.ts), each mapped once to a quick pick item: linear',
  'src/features/servers/embeddedServer.ts#EmbeddedServer':
    'the `opencode serve` it started: its output kept to the last 20 000 characters, READY (a literal prefix) searched in that once per chunk: bounded',
  'src/features/servers/opencodeService.ts#binaryGeneration':
    '`opencode --version`’s output (execFile’s 1 MB buffer at most) handed to versionGeneration (classed)',
  'src/features/servers/opencodeService.ts#startService':
    'findService (classed) every 250 ms until the service registers; the service’s log read whole and split once, on failure only: linear',
};
