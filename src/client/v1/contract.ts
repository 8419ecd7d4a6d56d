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
