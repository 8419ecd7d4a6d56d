// The one list of modules under src/ and webview/ that the scale registry does not watch (exportsOf.ts), each with why:
// it reads nothing a server, a cluster, a model, a file or another window sends. Every other module is watched: each
// of its value exports is a registered reader (registry.ts) or named in notReaders.ts. A module not named here is
// watched, wherever it is, so a new reader cannot skip the suite by its folder.

/** A module's path, and why it reads no outside input. */
export const EXEMPT_MODULES: Readonly<Record<string, string>> = {
  'src/api/index.ts': 'wiring: creates the app and registers its features with VS Code; reads no outside input',
  'src/app/commands/registerSessionCommand.ts': 'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/app/host/log.ts': 'the output channel’s logger: writes what callers hand it, reads nothing',
  'src/app/host/notify.ts': 'VS Code’s notification and progress API with the text its callers made; reads nothing itself',
  'src/app/index.ts': 'wiring: creates the app and registers its features with VS Code; reads no outside input',
  'src/app/settings/budgetLimits.ts':
    'reads the user’s VS Code settings (typed by VS Code), nothing a server, cluster, model, file or window sends',
  'src/app/settings/contextThreshold.ts':
    'reads the user’s VS Code settings (typed by VS Code), nothing a server, cluster, model, file or window sends',
  'src/app/settings/listPrice.ts':
    'reads the user’s VS Code settings (typed by VS Code), nothing a server, cluster, model, file or window sends',
  'src/app/settings/settingAccess.ts':
    'reads the user’s VS Code settings (typed by VS Code), nothing a server, cluster, model, file or window sends',
  'src/app/settings/settingKeys.ts':
    'reads the user’s VS Code settings (typed by VS Code), nothing a server, cluster, model, file or window sends',
  'src/base/arrays.ts': 'a general utility (events, disposables, timers, small lists): holds or schedules, reads no outside input',
  'src/base/disposable.ts': 'a general utility (events, disposables, timers, small lists): holds or schedules, reads no outside input',
  'src/base/emitter.ts': 'a general utility (events, disposables, timers, small lists): holds or schedules, reads no outside input',
  'src/base/keyedTimer.ts': 'a general utility (events, disposables, timers, small lists): holds or schedules, reads no outside input',
  'src/base/logger.ts': 'a general utility (events, disposables, timers, small lists): holds or schedules, reads no outside input',
  'src/base/recentList.ts': 'a general utility (events, disposables, timers, small lists): holds or schedules, reads no outside input',
  'src/extension.ts': 'wiring: creates the app and registers its features with VS Code; reads no outside input',
  'src/features/attention/index.ts': 'wiring: creates the app and registers its features with VS Code; reads no outside input',
  'src/features/budget/budgetMode.ts':
    'reads the user’s VS Code settings (typed by VS Code), nothing a server, cluster, model, file or window sends',
  'src/features/budget/index.ts': 'wiring: creates the app and registers its features with VS Code; reads no outside input',
  'src/features/changes/changeCommands.ts': 'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/changes/changeSettings.ts':
    'reads the user’s VS Code settings (typed by VS Code), nothing a server, cluster, model, file or window sends',
  'src/features/changes/index.ts': 'wiring: creates the app and registers its features with VS Code; reads no outside input',
  'src/features/changes/openAllChanges.ts': 'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/changes/revert.ts': 'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/changes/showTurnChanges.ts': 'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/cluster/clusterCommands.ts': 'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/cluster/index.ts': 'wiring: creates the app and registers its features with VS Code; reads no outside input',
  'src/features/cluster/openTaskSession.ts': 'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/inbox/answerCommands.ts': 'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/inbox/answerQuestion.ts': 'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/inbox/index.ts': 'wiring: creates the app and registers its features with VS Code; reads no outside input',
  'src/features/inbox/permissionReply.ts': 'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/inbox/respondToRequest.ts': 'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/index.ts': 'wiring: creates the app and registers its features with VS Code; reads no outside input',
  'src/features/plan/goKeyCommands.ts': 'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/plan/index.ts': 'wiring: creates the app and registers its features with VS Code; reads no outside input',
  'src/features/servers/extensionCommands.ts': 'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/servers/index.ts': 'wiring: creates the app and registers its features with VS Code; reads no outside input',
  'src/features/servers/localServerCommands.ts': 'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/servers/serverCommands.ts': 'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/servers/serverDetailsCommand.ts':
    'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/sessions/commands/compactSession.ts':
    'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/sessions/commands/editSession.ts':
    'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/sessions/commands/index.ts': 'wiring: creates the app and registers its features with VS Code; reads no outside input',
  'src/features/sessions/commands/sessionActions.ts':
    'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/sessions/commands/viewOptions.ts':
    'registers VS Code commands or views only; what they act on comes from registered readers',
  'src/features/sessions/index.ts': 'wiring: creates the app and registers its features with VS Code; reads no outside input',
  'src/features/sessions/tree/viewSettings.ts':
    'reads the user’s VS Code settings (typed by VS Code), nothing a server, cluster, model, file or window sends',
  'src/features/statusBar/index.ts': 'wiring: creates the app and registers its features with VS Code; reads no outside input',
  'src/features/usage/index.ts': 'wiring: creates the app and registers its features with VS Code; reads no outside input',
  'src/features/usage/showUsage.ts': 'registers VS Code commands or views only; what they act on comes from registered readers',
  'webview/columnFit.ts': 'webview layout or style (DOM, theme, scrolling, timing): handles no host message and no list of what one holds',
  'webview/fillHeight.ts': 'webview layout or style (DOM, theme, scrolling, timing): handles no host message and no list of what one holds',
  'webview/headerWidth.ts':
    'webview layout or style (DOM, theme, scrolling, timing): handles no host message and no list of what one holds',
  'webview/main.ts': 'the page’s entry: hands each host message to UsageState and TimelineState (watched), exports nothing',
  'webview/moneyTicks.ts': 'webview layout or style (DOM, theme, scrolling, timing): handles no host message and no list of what one holds',
  'webview/opaque.ts': 'webview layout or style (DOM, theme, scrolling, timing): handles no host message and no list of what one holds',
  'webview/schedule.ts': 'webview layout or style (DOM, theme, scrolling, timing): handles no host message and no list of what one holds',
  'webview/theme.ts': 'webview layout or style (DOM, theme, scrolling, timing): handles no host message and no list of what one holds',
  'webview/timeAxis.ts': 'webview layout or style (DOM, theme, scrolling, timing): handles no host message and no list of what one holds',
  'webview/virtualWindow.ts':
    'webview layout or style (DOM, theme, scrolling, timing): handles no host message and no list of what one holds',
};
