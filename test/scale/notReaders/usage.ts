// Exports of the usage panel's and the store's modules that src runs nowhere at once, each with why
// (../notReaders.ts): whole-at-once forms of registered readers, kept for tests and benchmarks.
export const usageNotReaders: Record<string, string> = {
  'src/features/usage/timelinePoster.ts#splitTake':
    'every post of takePieces (registered, under the TimelinePoster case) at once, for tests and benchmarks; src does not call it',
  'src/store/timeline/timelineLanes.ts#timelineLane':
    'laneSteps (registered, under the tree timeline case) run at once by runNow, for tests; src builds lanes with laneSteps in slices',
  'src/store/timeline/budgetLines.ts#budgetLines':
    'the user’s four budget limits (settings) against two times: one test per budget of our own fixed list, constant work',
};
