// Exports of the app's wording modules (src/app/goPlan/goWords.ts, src/app/budgets/forecastWords.ts,
// src/app/sessions/stateWords.ts) that read nothing a server, a cluster, a model, a file or another window sends,
// each with why (../notReaders.ts): they say in the user's language figures already read.
const L10N_ONLY = 'one of our own phrases through vscode.l10n.t, with at most a number already read: constant work';

export const wordsNotReaders: Record<string, string> = {
  'src/app/goPlan/goWords.ts#goWindowLabel': 'names one of our own three Go windows through vscode.l10n.t: constant work',
  'src/app/goPlan/goWords.ts#goWindowText':
    'says one Go window (a percent and a reset time parseGoUsage checked finite, in fetchGoUsage, registered): constant work',
  'src/app/goPlan/goWords.ts#goCompact':
    'says one Go window’s percent (a finite number parseGoUsage checked, in fetchGoUsage, registered): constant work',
  'src/app/budgets/forecastWords.ts#paceExplained': L10N_ONLY,
  'src/app/budgets/forecastWords.ts#forecastPhrase':
    'says one Forecast already made (a state, a time and a rate) in words: constant work, no outside text',
  'src/app/budgets/forecastWords.ts#reachedInSentence':
    'says one Forecast already made, with the name of one of our own budgets, in words: constant work',
  'src/app/sessions/stateWords.ts#shownState': 'names one of our own seven view states through vscode.l10n.t: constant work',
  'src/app/sessions/stateWords.ts#shownSessionState':
    'a record’s state (sessionState: a map size and two fields) named through shownState: constant work',
  'src/app/sessions/stateWords.ts#shownWaiting': L10N_ONLY,
  'src/app/sessions/stateWords.ts#shownPause':
    'names a pause’s budget by a switch over our own four names, with its limit (a number), through vscode.l10n.t: constant work',
};
