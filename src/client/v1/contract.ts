// The routes a 1.x server is asked outside OpenCode's SDK (sdkClient.ts speaks the rest): who it is, read by the
// identity reader before the generation is known (discovery/identity.ts), and its event stream, read by our own
// SSE parser (transport/eventStream.ts); the finished Tasks' relay answers both in a 1.x server's place
// (k8s/backend/finishedTasksRelay.ts). The same paths as the SDK's `global.health` and `global.event`
// (@opencode-ai/sdk dist/v2/gen/sdk.gen.js).

/** Every route V1 is asked without its SDK. */
export const V1_ROUTES = {
  /** `{healthy: true, version}`. */
  health: '/global/health',
  /** Every project's events, `{directory, payload}` each. */
  event: '/global/event',
} as const;

/**
 * The SDK's own routes that the finished Tasks' relay answers in a 1.x server's place (what the extension's SDK
 * client asks of a server: @opencode-ai/sdk dist/v2/gen/sdk.gen.js `session.list`, `experimental.session.list`,
 * `session.status`, `permission.list`, `question.list`, `config.providers`, `provider.list`, `session.get`,
 * `session.messages`).
 */
export const V1_SDK_ROUTES = {
  sessions: '/session',
  everySession: '/experimental/session',
  statuses: '/session/status',
  permissions: '/permission',
  questions: '/question',
  configProviders: '/config/providers',
  providers: '/provider',
} as const;

/** `/session/{id}` and `/session/{id}/message`: one session, or its messages (anchored, no backtracking). */
export const V1_SESSION_ROUTE = /^\/session\/([^/]+)(\/message)?$/;
