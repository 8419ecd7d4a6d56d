// Exports of the app's and the features' modules (src/api, src/app, src/features) that read nothing a server, a
// cluster, a model, a file or another window sends, each with why (../notReaders.ts): VS Code registrations whose
// input is the user's, settings, the page's fixed HTML, and holders that parse nothing; and the classes bound to VS
// Code whose loops over what servers send moved into modules a scale case runs.
const SETTING = 'the user’s VS Code setting (typed by VS Code), checked against our own names: constant work';
const HOLDS = 'holds and schedules what its callers hand it (a Map or a Set, each entry handled once): parses nothing';

export const featuresNotReaders: Record<string, string> = {
  'src/app/servers/findOpencode.ts#findOpencode':
    'the user’s binaryPath setting handed to resolveOpencodeBinary: no server, cluster or file text read',
  'src/app/servers/opencodeBinary.ts#resolveOpencodeBinary':
    'the user’s setting or this host’s own PATH, an existence check per PATH entry: reads no file’s content and no server text',
  'src/app/servers/plainHttpRisk.ts#clearTextPasswordHost':
    'one URL and password from the user’s own server settings, parsed once by URL: no server text',
  'src/features/sessions/commands/attachLaunch.ts#checkedSessionId':
    'tests a session id against an anchored pattern of at most 124 characters (it stops there whatever the id’s length) and quotes 80 of them: constant work',
  'src/features/sessions/commands/attachLaunch.ts#attachPlan':
    'the configured binary and server URL (the user’s settings) and a session id checkedSessionId bounds: constant work',
  'src/features/sessions/commands/attachLaunch.ts#prepareLaunch':
    'writes the plan attachPlan made and our own launcher to a private temporary folder: reads nothing',
  'src/api/exportedApi.ts#exportedApi': 'picks which of our own objects activate() hands out, by a flag: reads no data',
  'src/api/exportedApi.ts#isTestRun': 'VS Code’s extension mode and one environment variable of this host: no outside text',
  'src/app/budgets/sharedPauseBook.ts#SharedPauseBook':
    'hands another window’s stored book to PauseBook.restore and merge (registered, readers/pauses.ts); of its own it reads two fields and whether stamps is a list: constant work',
  'src/app/budgets/endedPauses.ts#EndedPauses':
    'hands another window’s stored ended pauses to readPauseSpans, mergePauseSpans and holdsMore (registered, readers/pauses.ts); groups what they kept, each once',
  'src/app/host/sharedState.ts#MergedMemento':
    'hands another window’s stored value to its kind’s read, merge and holdsMore (MarkBook: readers/search.ts; the pause spans: readers/pauses.ts); of its own it compares the stored value by identity: constant work',
  'src/app/commands/commandTable.ts#runCommand': 'hands our own arguments to VS Code’s command service: reads nothing',
  'src/app/host/sharedState.ts#OtherWindows': 'a timer that fires an event every few seconds: reads nothing',
  'src/app/budgets/heldRuns.ts#HeldRuns':
    'reads the store’s records of held sessions (read by the registered readers) and tells PauseBook.observe (registered): constant work per session',
  'src/app/budgets/heldRuns.ts#waitsOnUser':
    'a record’s status and its count of waiting requests, both read by the registered readers: constant work',
  'src/app/sessions/sessionRef.ts#sessionRef':
    'an object of two ids a registered reader already read, for a command argument: constant work',
  'src/app/servers/pluginLocation.ts#sessionStatusPluginUrl':
    'a file URL of our own plugin under the extension’s own folder: no outside input',
  'src/app/servers/opencodeBinary.ts#configuredBinaryPath': 'the user’s VS Code setting (a path), trimmed: no server text',
  'src/features/inbox/notifyOnRequest.ts#notifyOnRequest': SETTING,
  'src/features/budget/raiseBudget.ts#registerRaiseBudget':
    'VS Code command registration: its input is the user’s click, pick and typed amount (checked by a linear pattern), written to a setting',
  'src/features/budget/raiseInput.ts#RaiseInput': 'VS Code’s input box: its input is what the user types, worded by the caller’s describe',
  'src/features/budget/raiseInput.ts#dollarsText': 'one number of our own settings as "$4.00": constant work',
  'src/features/budget/raiseInput.ts#parseDollars':
    'the amount the user types in our input box, by ^\\$?\\s*(\\d+(?:\\.\\d+)?)$ (linear): no server text',
  'src/features/budget/pauseCommands.ts#describeRaise':
    'words the amount the user types (read by parseDollars, linear) against two numbers already read: no server text',
  'src/features/budget/budgetNotices.ts#budgetWindowName': 'names one of our own four budgets through vscode.l10n.t: constant work',
  'src/features/usage/panelHtml.ts#panelHtml': 'the page’s fixed HTML with a fresh nonce and our own resource URIs: no data in it',
  'src/features/usage/panelHtml.ts#localResourceRoots': 'two folders of the extension itself: no outside input',
  'src/features/servers/loopbackPort.ts#freeLoopbackPort': 'asks the OS for a free loopback port by listening on port 0: reads no data',
  'src/features/servers/loopbackPort.ts#loopbackPortTaken': 'tries to listen on one loopback port: reads no data',
  'src/features/sessions/tree/listPages.ts#nextPageCount': 'the smaller of two counts: constant work',
  'src/features/sessions/tree/moreTreeItem.ts#moreTreeItem':
    'one “Show more” row from a count and its node’s server id and folder (joined once into the row id): constant work per row',
  'src/features/sessions/tree/nodes.ts#once': 'finds or makes one node in two Maps by its key: constant work per row',
  'src/features/sessions/tree/refreshQueue.ts#RefreshQueue': HOLDS,
  'src/features/changes/byteLru.ts#ByteLru':
    'a byte-capped LRU map: each stored value is evicted at most once (amortized constant work per set); parses nothing',
  'src/features/sessions/commands/compactionFigures.ts#percent': 'formats one fraction (formatPercent) or a question mark: constant work',
  'src/features/sessions/commands/compactionFigures.ts#percentBefore':
    'one context’s fraction (contextFraction: two numbers) as a percent: constant work',
  'src/features/statusBar/goLines.ts#goCompactText':
    'our own three Go windows, each a percent parseGoUsage checked (fetchGoUsage, registered), said by goCompact: constant work',
  'src/app/servers/serverFeatures.ts#featureName': 'names one of our own server features through vscode.l10n.t: constant work',
  'src/app/servers/serverFeatures.ts#serverProduct':
    'the server’s version, read and cut by readIdentity (registered as “identity answers (readIdentity)”), in one phrase',
  'src/app/servers/serverFeatures.ts#notOfferedMessage': 'serverProduct and featureName in one phrase: constant work',
  'src/app/servers/serverFeatures.ts#missingFeatureWords':
    'the contract’s offers, one per feature of our own fixed list (FEATURE_ROUTES, V1_FEATURES): constant work',
  'src/app/servers/serverFeatures.ts#contractSource': 'names one of our own three contract sources: constant work',
  'src/app/servers/serverFeatures.ts#offerLines':
    'the contract’s offers, one per feature of our own fixed list (FEATURE_ROUTES, V1_FEATURES), named by featureName',
  'src/app/servers/serverFeatures.ts#serverDetails':
    'a fixed number of lines: the address, the version and where it was found (read by registered readers or the settings), and one per feature of our own list',
  'src/app/servers/serverTreeItem.ts#serverStateText': 'names one of our own four connection states through vscode.l10n.t',
  'src/app/servers/serverTreeItem.ts#serverTotalText':
    'formats serverTotal (registered, under the cluster books reader) as money, with a flag: no outside text of its own',
  'src/features/budget/pauseCommands.ts#registerPauseCommands':
    'VS Code command registration: its input is the user’s click, handed to PauseActions (still to class)',
  'src/features/inbox/rejectRequest.ts#registerRejectRequest':
    'VS Code command registration: its input is the user’s click and typed reason; the request is found by RequestTargets and answered by sendAnswer (both still to class)',
  'src/features/inbox/rejectRequest.ts#dismiss':
    'sends one answer (reject or cancel) through sendAnswer (still to class): reads no answer itself',
  'src/features/changes/changeDocuments.ts#registerChangeDocuments':
    'registers ChangeDocuments (still to class) as VS Code’s content provider for our own scheme: reads nothing itself',
  'src/features/sessions/commands/switchSession.ts#registerSwitchSession':
    'VS Code command registration: its input is the user’s click or a {serverId, sessionId} (isSessionRef); the pick’s items come from switchItems (registered, readers/sessionsRead.ts)',
  'src/features/sessions/tree/sessionLook.ts#sessionLook':
    'a row’s icon from its state (sessionState: a map size and two fields), its server’s phase and one field: constant work',
  'src/features/statusBar/contextAlert.ts#ContextAlert':
    'one warning per session past the context setting: a fraction (two numbers) and the title sessionTitle cut (registered), per check',
  'src/features/inbox/requestTarget.ts#requestRef': 'an object of three ids a registered reader already read: constant work',
  'src/features/changes/openChange.ts#changedFileRef':
    'checks a command argument’s kind and that its path and two ids are strings (isSessionRef): constant work whatever it holds',
  'src/features/changes/fileChanges.ts#netKey': 'joins a path and two ids a registered reader already read: one concatenation',
  'src/features/changes/changeText.ts#changeCounts': 'formats two counts already read: constant work',
  'src/features/changes/changeText.ts#onlySide': 'maps one of our own file statuses to a side: constant work',
  'src/features/servers/probeLocalServer.ts#probeUrl':
    'the OCS_LOCAL_PROBE_URL environment variable of this host (withoutTrailingSlashes, registered) or our default: no server text',
  'src/features/plan/openCodeGoCredential.ts#openCodeAuthPath':
    'a path from XDG_DATA_HOME or the home folder of this host: reads no file (openCodeGoKey reads it, still to class)',
  'src/features/servers/configFile.ts#LinkedConfigError': 'an Error subclass: holds a message its thrower made',
  'src/features/servers/configFile.ts#writeConfigFile':
    'writes text its caller made to one file (no link followed unless asked): reads nothing',
  'src/features/sessions/commands/attachLaunch.ts#AttachRefused': 'an Error subclass: holds a message its thrower made',
  'src/app/servers/serverRegistry.ts#passwordKey': 'our own secret-storage key for a server id: one concatenation',
  'src/base/pool.ts#mapPooled': 'runs its caller’s function over a list, at most `limit` at a time, each item once: parses nothing itself',
  'src/features/statusBar/sessionLines.ts#inSection':
    'tags lines its caller already made (sessionLines, spendLines, goLines) with a section name: one copy per line shown, no parsing',
  'src/features/inbox/waitingStatusBar.ts#WaitingStatusBar':
    'VS Code-bound status bar item: shows the count WaitingRequests (still to class) hands it, constant work per change',
  'src/features/sessions/tree/listPages.ts#ListPages':
    'holds a page size per list (grown by the user’s Show more) and slices a list to it: at most a page copied, no parsing',
  'src/features/sessions/tree/viewHost.ts#followSelection':
    'follows the user’s selection in the tree: one row’s kind and isSessionRef, constant work',
  'src/features/plan/goPlanAlerts.ts#GoPlanAlerts':
    'VS Code-bound: one warning per crossing of our own three Go windows, each a percent parseGoUsage checked (fetchGoUsage, registered)',
  'src/features/statusBar/goLines.ts#goLines':
    'a line per one of our own three Go windows (goWindowText) and the last read’s error, both made by fetchGoUsage (registered)',
  'src/features/servers/embeddedServer.ts#serverEnv':
    'this extension host’s own environment (inheritedEnv’s allowlist) with a password we made and our own plugin config',
  'src/features/servers/embeddedServer.ts#inheritedEnv':
    'filters this extension host’s own environment by a fixed allowlist: no server, cluster, model or file text',
  'src/features/sessions/commands/attachLaunch.ts#launcherTerminal':
    'terminal options from our own launcher path and VS Code’s Node: constants, no outside text',
  'src/features/budget/sessionAborter.ts#SessionAborter':
    'asks one session’s server to abort it through its ServerApi (V1Api, V2Api: registered), a failure worded by asServerError (registered)',
  'src/api/statusReads.ts#limitOf': 'one Map lookup by modelKey per call: constant work',
  'src/app/sessions/transcriptLink.ts#transcriptLink':
    'one link from two or three ids a registered reader already read (URLSearchParams escapes them): constant work per link',
  'src/app/commands/pickServer.ts#serverFor':
    'the server a command names (a row’s serverId, one registry lookup) or the user’s pick among our registered servers: reads no server text',
  'src/api/languageModelTool.ts#registerStatusTool':
    'VS Code registration of the chat tool: its input (a session id and a scope, checked by statusScope) goes to sessionStatusOf (still to class)',
  'src/features/servers/authPrompt.ts#promptOnAuthFailure':
    'offers Set Password once per failure: a changed server’s state kind and origin (ours), constant work per server',
  'src/features/servers/plainHttpWarning.ts#warnOnClearTextPasswords':
    'warns once per server: the user’s own URL and password through clearTextPasswordHost (named here), constant work per server',
  'src/features/changes/turnPick.ts#pickTurn':
    'VS Code quick pick of a session’s turns: each turn handed to composeChanges and changedFileLabel (registered), at most 8 names per item',
  'src/features/inbox/requestAnswers.ts#sendAnswer':
    'sends one answer through the session’s ServerApi (V1Api, V2Api: registered), a failure worded by asServerError (registered)',
  'src/app/servers/untrustedTooltip.ts#untrustedTooltip':
    'hands its title and each line’s value to appendUntrusted (registered, readers/present.ts); the labels and headings are ours: one append per line',
  'src/features/sessions/tree/viewHost.ts#viewHost':
    'wiring: hands the tree’s and the view’s own methods to the app as a RowHost; reads no data',
  'src/features/attention/attentionBadge.ts#attentionBadge':
    'VS Code wiring: sets the view’s badge from badgeOf (named here) over SessionDecorations.roots on each change of a mark or the setting',
  'src/app/sessions/sessionDecorations.ts#SessionDecorations':
    'merges what its providers (pausedMark, waitingMark, unreadMark: named here) say of a session, each once; roots() joins their roots by one Set of our own keys: each entry once',
  'src/app/sessions/sessionMarks.ts#pausedMark':
    'one PauseBook lookup (restored by registered readers, readers/pauses.ts) and the record’s state, worded by shownPause; its roots are pausedRoots, each pause once',
  'src/app/sessions/sessionMarks.ts#waitingMark':
    'the store’s count of waiting requests (kept by WaitingRequests as events apply), worded by shownWaiting; its roots filter the attention list, each entry once',
  'src/app/sessions/sessionMarks.ts#unreadMark':
    'one lookup of the root’s attention (rootAttention, registered) and the record’s state; its roots filter the attention list, each entry once',
  'src/features/sessions/commands/switchSession.ts#switchSources':
    'hands each server’s store (read by registered readers) to switchItems (registered, readers/sessionsRead.ts) with a lookup of its first mark: constant work per server',
  'src/features/attention/attentionBadge.ts#badgeOf':
    'counts the attention list by kind (three filters, each entry once) and names the first three through sessionTitle and oneLine (registered)',
  'src/features/sessions/commands/compactionFigures.ts#modelOf':
    'the record’s configured model (two fields), else the messages handed to lastContextMessage (registered, readers/listPrices.ts)',
  'src/features/sessions/commands/compactionFigures.ts#afterFraction':
    'the messages handed to summaryTokens (registered, readers/listPrices.ts) over the model’s limit from ModelLimitCache (a map a registered reader read): one lookup, one division',
  'src/features/changes/changesTreeItems.ts#changesTreeItem':
    'the Changes row: changesSummary (registered) of a set and our own words, with the meanwhile files counted: constant work of its own',
  'src/features/changes/changesTreeItems.ts#changedMeanwhileTreeItem': 'the “Changed meanwhile” row: our own words and a count',
  'src/features/changes/changesTreeItems.ts#changedFileTreeItem':
    'one row per file: its path to changedFileLabel and appendUntrusted (registered), its turns’ sessions once each (a Set) titled by sessionTitle (registered)',
  'src/features/inbox/requestTreeItem.ts#requestTreeItem':
    'one row per request: requestSummary, requestKind, requestDetails, sessionTitle and appendUntrusted (all registered) write it; constant work of its own',
  'src/features/changes/openChange.ts#registerOpenChange':
    'VS Code command registration: a row’s ref (changedFileRef: type checks) or our own document’s URI (parseChangeUri, still to class); titled by diffTitle and sideTitle (registered)',
  'src/features/changes/openChangeList.ts#openChangeList':
    'hands VS Code a before and after URI (changeUri, still to class) per file composeChanges (registered) made: each file once',
  'src/features/changes/openChangeList.ts#openTurnChanges':
    'one turn handed to composeChanges (registered) and openChangeList (named here), titled by sessionTitle and oneLine (registered)',
  'src/base/node/processClaim.ts#bootId':
    'the kernel’s boot id (/proc/sys/kernel/random/boot_id, 37 bytes), read once per process and cut at 64: no server, cluster or model text',
  'src/base/node/processClaim.ts#startOf':
    'the kernel’s one-line stat of one process (its name at most 16 characters), split once for one field: constant work',
  'src/features/sessions/tree/groupTreeItem.ts#groupTreeItem':
    'a folder row in VS Code’s words: its figures from folderFigures and its path through visibleText, folderName and folderPlace (all registered): constant work of its own',
  'src/features/attention/longTurnNotifier.ts#LongTurnNotifier':
    'VS Code-bound (imports vscode): hands each frame’s changed sessions to LongTurns (registered) and words the turns it gives: constant work per turn',
  'src/api/extensionApi.ts#createPublicApi':
    'VS Code-bound (imports vscode): listSessions is sessionList (registered); getSessionStatus hands to sessionStatusOf; events are forwarded one per changed session',
  'src/app/budgets/budgetPauses.ts#BudgetPauses':
    'VS Code-bound (imports vscode): a frame’s held sessions are heldOf and the paused rows pausedRoots (registered); its other loops are over the pauses the book holds, at most MAX_PAUSES (500)',
  'src/features/sessions/tree/sessionTreeProvider.ts#SessionTreeProvider':
    'VS Code-bound (imports vscode): a frame’s rows and lists are changedRows, a list’s rows TreeLayout (registered); it queues each once and compares each list checked once per flush',
  'src/features/statusBar/statusBar.ts#CostStatusBar':
    'VS Code-bound (imports vscode): its figures are WideFigures (named), its marks shownPause and waitingElsewhere (registered); it draws what they give: constant work per update',
  'src/features/budget/budgetEnforcer.ts#BudgetEnforcer':
    'VS Code-bound (imports vscode): a check is budgetCheck and a pause’s groups pauseGroups (registered); it notes each changed session’s ended runs once and acts on what they give',
  'src/features/usage/usagePanel.ts#UsagePanel':
    'VS Code-bound (imports vscode): posts what modelPost makes of UsageModel (both registered) and TimelinePoster’s pieces (registered); the page’s messages go through pageMessage (registered)',
};
