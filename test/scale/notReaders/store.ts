// Exports of the store's modules (src/store/) that read nothing a server, a cluster, a model, a file or another window
// sends of their own, each with why (../notReaders.ts): arithmetic on figures and fields a registered reader already
// read, calendars, and settings.
const CALENDAR = 'calendar arithmetic on one time (Date in the user’s time zone): constant work, no outside text';

export const storeNotReaders: Record<string, string> = {
  'src/store/timeline/pastParent.ts#pastParentLine':
    'one sentence from a title a registered reader already cut and a number: constant work',
  'src/store/timelineRecord.ts#permissionWaitOf':
    'reads the marks of one session, kept to the newest MAX_MARKS (timelineRecord.ts addMark): bounded work per call',
  'src/store/calendar.ts#startOfDay': CALENDAR,
  'src/store/calendar.ts#localDay': CALENDAR,
  'src/store/budgetWindows.ts#startOfWeek': CALENDAR,
  'src/store/budgetWindows.ts#windowStart': CALENDAR,
  'src/store/budgetWindows.ts#earliestWindowStart': CALENDAR,
  'src/store/budget.ts#budgetLevel': 'compares what was spent with a limit (two numbers): constant work',
  'src/store/budget.ts#worstLevel': 'the worst of the levels its caller passes (our own three names, a fixed few): no outside text',
  'src/store/contextUsage.ts#contextFraction': 'divides a context’s tokens by its limit (two numbers already read): constant work',
  'src/store/contextUsage.ts#thresholdFraction': 'the user’s VS Code setting (a percent) clamped to 1–100: constant work',
  'src/store/usage.ts#usageGrowth': 'subtracts one Usage’s six figures from another’s: constant work',
  'src/store/sessionOrder.ts#parseSortBy': 'the user’s sort setting, one of three of our own names: constant work',
  'src/store/sessionOrder.ts#rootComparer':
    'compares two roots by one key each (their time, or inclusive figures the store keeps): constant work per call; the moves it places are measured by the sessions view’s frame case (readers/treeLayout.ts)',
  'src/store/sessionFilter.ts#normalizeQuery': 'trims the filter text the user typed in VS Code: no server text',
  'src/store/sessionFilter.ts#isArchived': 'checks one field of a record a registered reader made: constant work',
  'src/store/sessionRecord.ts#messageCount': 'a record’s message map’s size, read without making the map: constant work',
  'src/store/sessionRecord.ts#sessionState':
    'a record’s state from a map’s size and two of its fields, made by registered readers: constant work',
  'src/store/sessionRef.ts#isSessionRef':
    'checks that two fields of a value (a command argument, our own saved state) are strings: constant work whatever it holds',
  'src/store/modelLimits.ts#modelKey': 'joins two ids a registered reader already read with a slash: one concatenation',
  'src/store/price/priceCatalog.ts#listingKey': 'joins two ids a registered reader already read with a slash: one concatenation',
  'src/store/price/listPricer.ts#needsListPrice': 'checks a Usage’s cost and adds its five token counts: constant work',
  'src/store/forecast.ts#forecastBudget': 'arithmetic on one Pace already made and one budget’s three numbers: constant work',
  'src/store/forecast.ts#forecastAll': 'forecastBudget for our own four budgets: constant work',
  'src/store/pendingRequest.ts#asksUser': 'checks one request’s kind (one of our own three): constant work',
  'src/store/timeline/timelineLanes.ts#errorMark':
    'one mark object from a bar’s end and an error name a registered reader already read (kept by reference): constant work',
  'src/store/timeline/timelineLanes.ts#compactionMark': 'one mark object from one time: constant work',
  'src/store/timeline/timelineLanes.ts#pauseMark': 'one mark object from two times and a pause’s reason already read: constant work',
  'src/store/sessionStatus.ts#statusScope':
    'checks one value (a tool’s scope argument) against our own two names: constant work whatever it holds',
  'src/store/sessionStatus.ts#pauseStatus': 'copies one pause’s four fields, its time as ISO text: constant work',
  'src/store/followRecent.ts#keepFollowing': 'compares two sessions’ last activity times and a flag: constant work',
  'src/store/recentSession.ts#touchesSession': 'three Set lookups in one store change: constant work',
  'src/store/budget.ts#CrossingTracker':
    'remembers one of our own levels per key in a Map capped at maxKeys (the oldest leaves first): constant work per update',
  'src/store/goPlan.ts#goPlanStatus':
    'copies our own three Go windows (numbers parseGoUsage checked, registered under fetchGoUsage) and their forecasts: constant work',
  'src/store/storeChange.ts#copyStoreChange':
    'copies one store change (our own sets of the ids it touched, each once) so later events can fold into it: linear in the change',
  'src/store/storeChange.ts#mergeStoreChange':
    'folds a later store change into a held one (our own sets of ids, each id of the later once): linear in the later change',
};
