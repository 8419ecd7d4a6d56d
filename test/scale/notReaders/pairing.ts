// Exports of the pairing module that read nothing a server sends, each with why (../notReaders.ts).
const TYPED = 'checks what the user typed in an input box (at most one short URL or code), not a server’s answer';

export const pairingNotReaders: Record<string, string> = {
  'src/client/v2/pairing.ts#pairingCode': TYPED,
  'src/client/v2/pairing.ts#pairingLink': TYPED,
  'src/client/v2/pairing.ts#documentOffersPairing':
    'looks one route up in a RouteTable already read (RouteTable.read and readPairingOffer are registered)',
};
