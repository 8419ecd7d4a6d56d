// Exports of src/present/ that read nothing a server, a cluster, a model, a file or another window sends, each with
// why (../notReaders.ts): they say in words figures and names a registered reader already made.
const ONE_NUMBER = 'formats one number already read (tokens, dollars, a time or a span): constant work, no outside text';
const FIGURES = 'formats a Usage and list-price sums already added up (a fixed number of numbers) into money words; no outside text';

export const presentNotReaders: Record<string, string> = {
  'src/present/format.ts#formatTokens': ONE_NUMBER,
  'src/present/format.ts#formatCost': ONE_NUMBER,
  'src/present/format.ts#formatExactCost': ONE_NUMBER,
  'src/present/format.ts#formatPercent': ONE_NUMBER,
  'src/present/format.ts#formatCount':
    'formats one number already read: String(Math.round(n)) is at most a few hundred digits (a double), then separators',
  'src/present/format.ts#formatDuration': ONE_NUMBER,
  'src/present/format.ts#formatLocalTime': ONE_NUMBER,
  'src/present/format.ts#tokensWord': ONE_NUMBER,
  'src/present/format.ts#sessionBadge': FIGURES,
  'src/present/format.ts#costBadge': FIGURES,
  'src/present/format.ts#ownMoney': FIGURES,
  'src/present/format.ts#inclusiveMoney': FIGURES,
  'src/present/clock.ts#formatClock': ONE_NUMBER,
  'src/present/clock.ts#formatTimeOfDay': ONE_NUMBER,
  'src/present/clock.ts#formatSpan': ONE_NUMBER,
  'src/present/clock.ts#formatRate': ONE_NUMBER,
  'src/present/relativeTime.ts#relativeTime': 'says how long ago one time was, from a fixed table of six units: constant work',
  'src/present/sessionRow.ts#rowMoney': FIGURES,
  'src/present/sessionRow.ts#sessionRowText':
    'puts the money words before a title its caller already cut (sessionTreeItem passes sessionTitle, registered): one join',
  'src/present/stateWords.ts#stateName':
    'maps a record’s state (sessionState: a map size and two fields) to one of our own six names: constant work',
  'src/present/stateWords.ts#stateWords': 'looks one of our own state names up in a fixed table of words',
  'src/present/tooltipRows.ts#tokensText': 'formats the five token counts of a Usage already summed: constant work',
  'src/present/tooltipRows.ts#contextText': 'formats a context’s token count and limit (two numbers already read): constant work',
  'src/present/tooltipRows.ts#modelText':
    'picks one provider/model id pair of a record and names it through modelName, registered as “The usage panel’s first take of a tree’s lanes”',
  'src/present/usageSummary.ts#figures': 'copies six numbers of a Usage: constant work',
  'src/present/usageSummary.ts#cacheEfficiency': 'divides two numbers of a Usage already summed: constant work',
  'src/present/timelineWords.ts#timelineDuration': ONE_NUMBER,
};
