// Exports of watched modules found unclassed when the watch grew from three folders to all of src/ and webview/
// (issue 75): each is still to be registered with a scale case (registry.ts) or named in notReaders.ts with why.
// The coverage test fails for any export outside this list, and for an entry here once it is classed: it only shrinks.
// Grouped by what stands in the way.
export const NOT_YET_CLASSED: readonly string[] = [
  // VS Code-bound: the module imports `vscode` (itself or through a module it imports), which the scale worker cannot
  // load. Each loops over every server's sessions or pauses itself, per call or per frame (BudgetPauses, the
  // provider's rows, the status bar's attention): each loop to be moved into a module without `vscode` that a case
  // runs (as folderFigures, TaskClock, StepList, TimelinePoster, LongTurns, sessionList, budgetCheck and modelPost were).
  'src/app/budgets/budgetPauses.ts#BudgetPauses',
  'src/features/sessions/tree/sessionTreeProvider.ts#SessionTreeProvider',
  'src/features/statusBar/statusBar.ts#CostStatusBar',
];

/** The list's length now: it may only come down (lower this as entries are classed; never raise it). */
export const NOT_YET_CLASSED_AT_MOST = 3;
