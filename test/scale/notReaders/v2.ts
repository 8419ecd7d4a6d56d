// Exports of the v2 modules that read nothing a server or a model sends, each with why (../notReaders.ts).
export const v2NotReaders: Record<string, string> = {
  'src/client/v2/client.ts#lacksRoute': 'classifies a ServerError already made (its status and noRoute flag); reads no answer',
  'src/client/v2/client.ts#refusedBody': 'classifies a ServerError already made (its status); reads no answer',
  'src/client/v2/contract.ts#V2Contract':
    'chooses among our own route list by a RouteTable already read (RouteTable.read is registered); holds probe counters',
  'src/client/v2/contract.ts#readsHistory': 'compares one of our own routes with our own constant; reads no answer',
  'src/client/v2/steps.ts#stepPartID': 'names a step after a message id a registered reader already took: one string, constant work',
  'src/client/v2/steps.ts#compactionSteps': 'builds two store events from figures a registered reader already read: constant work',
  'src/client/v2/steps.ts#assistant': 'builds one store record from labels a registered reader already read: constant work',
  'src/client/v2/records.ts#activeIds': 'hands back the ids readV2Active (registered) already read, in its order; reads no answer itself',
  'src/client/v2/dueQueue.ts#DueQueue':
    'orders session ids by due time for the settler, O(log n) each; run on every shape of the registered live stream',
  'src/client/v2/pagedRead.ts#PagedRead':
    'decides when a paged read ends; run inside the registered listing, message and transcript readers on every page',
};
