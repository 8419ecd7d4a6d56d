// Exports classed as no readers while the watch grew to all of src/ (issue 75), each with why (../notReaders.ts):
// whole-at-once forms of registered readers kept for tests and benchmarks, our own constants, the user's settings.
export const usageNotReaders: Record<string, string> = {
  'src/base/messages.ts#message':
    'declares a webview message from our own constants (its name and field checks); messageCheck (registered) reads',
  'src/store/timeline/budgetLines.ts#budgetLines':
    'the user’s four budget limits (settings) against two times: one test per budget of our own fixed list, constant work',
  'src/app/servers/serverSettings.ts#parseServerSettings':
    'the user’s own servers setting (typed by VS Code), each entry’s URL normalized once: no server, cluster, model or file text',
};
