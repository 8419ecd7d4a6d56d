// Exports of the session_status plugin (src/plugin) that read nothing of their own, each with why (../notReaders.ts):
// its reads are registered (readers/plugin.ts).
export const pluginNotReaders: Record<string, string> = {
  'src/plugin/sessionStatusPlugin.ts#SessionStatusPlugin':
    'wiring for OpenCode 1.x: hands each hook call to PauseGate and each tool call to askExtension or statusFromServer (registered, readers/plugin.ts); checks a scope by statusScope (two names)',
  'src/plugin/v2Definition.ts#setupV2':
    'wiring for OpenCode 2.x: hands each hook call to PauseGate with v2Tree and each tool call to statusV2 (registered, readers/plugin.ts); checks a scope by statusScope (two names)',
};
