// The face of what comes before a connection, as serverConnection.ts is the face of one and serverApi.ts the port:
// a server found (on the probed port, through its service registration) and asked who it is, a pairing code
// redeemed, who listens on a port, the folder where windows and plugins leave their endpoints, the plugin entry
// in a server's config. Features reach these through here, never into the client's folders.
export { confirmRegistration, findService, type FindOptions, type FindResult, type FoundService } from './discovery/findService';
export { readRegistration, serviceStateDir, type ServiceRegistration } from './discovery/serviceRegistration';
export { identify } from './discovery/identity';
export { loopbackListeners } from './discovery/portListener';
export { pluginKey, withStatusPlugin } from './discovery/pluginConfig';
export { ENDPOINT_DIR_VARIABLE, endpointDir } from './discovery/endpointDiscovery';
export { pairingCode, pairingLink, readPairingOffer, redeemPairingCode, type PairingResult } from './v2/pairing';
export { normalizeServerUrl, withoutTrailingSlashes } from './transport/endpoint';
