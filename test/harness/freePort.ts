// The same finder the extension uses for its embedded server.
export { freeLoopbackPort as freePort } from '../../src/features/servers/loopbackPort';
