// Exports of the search modules that read nothing a server or a model sends, each with why (../notReaders.ts).
export const searchNotReaders: Record<string, string> = {
  'src/features/search/indexKey.ts#storageKey':
    'hashes the server’s config and its oldest session’s id (one short string); reads no answer itself',
  'src/features/search/indexKey.ts#oldestSession':
    'one pass over the store’s sessions, parsed already (a comparison each): linear, no text read',
  'src/features/search/indexFile.ts#privateFolder': 'makes a folder 0700 (or sets it so); reads no server data',
  'src/features/search/serverIndexer.ts#sessionCapOf': 'arithmetic on the user’s cap (a number); reads no server data',
  'src/features/search/searchLimits.ts#maxIndexBytes': "clamps the user's own setting (a number) to 1–4096 MB; reads no server data",
  'src/features/search/index.ts#registerSearch': 'registers commands and a URI handler; hands links to openTranscript and the search pick',
  'src/features/search/indexProgress.ts#IndexProgress': 'shows the indexers’ progress counts (numbers) as a progress bar and context keys',
  'src/features/search/openTranscript.ts#openTranscript':
    'opens a rendered transcript (TranscriptRender, registered) and folds with partEnd (registered)',
  'src/features/search/searchPick.ts#SearchPick': 'holds the quick pick shown, for the tests; reads nothing',
  'src/features/search/searchPick.ts#showSearchPick': 'a quick pick of what itemsOf gives; reads nothing of a server itself',
  'src/features/search/searchPick.ts#itemsOf':
    'formats at most 50 hits that ContentIndex.search (registered) read: snippets of at most 160 characters, escaped',
  'src/features/search/searchService.ts#SearchService':
    'hands each connection to a ServerIndexer (registered) and merges at most 50 hits per server from ContentIndex.search',
  'src/features/search/transcriptDocuments.ts#TranscriptDocuments':
    'a VS Code document provider: hands every page of a transcript to TranscriptRender (registered)',
  'src/features/search/transcriptLink.ts#transcriptLink':
    "a link of a session's server and ids, encoded by URLSearchParams (linear); the renderers that show it are registered",
  'src/features/search/transcriptDocuments.ts#transcriptUri':
    'a URI of a session’s ids and its title, cut to 200 characters before a linear replace',
  'src/features/search/transcriptName.ts#transcriptFileName':
    'a file name of a session title and id, each cut (200 and 32 characters) before a linear replace',
  'src/features/search/transcriptName.ts#previewedTranscript':
    'compares a tab label VS Code gives with the names of the transcripts this extension has open (a Map lookup, then one pass)',
  'src/features/search/readsInFlight.ts#ReadsInFlight': 'counts readers and deletions per session id (a Map lookup each)',
  'src/features/search/transcriptDocuments.ts#linkBetween':
    'a relative link of a session id (an anchored, bounded pattern) and its file name (transcriptFileName), else transcriptLink',
  'src/features/search/transcriptDocuments.ts#targetOf':
    "reads this extension's own transcript URI's path and query (a split, an anchored bounded pattern, URLSearchParams)",
  'src/features/search/engine/engine.ts#SearchEngine':
    'hands requests to ContentIndex (registered: addPage, search, load) and indexFile; reads no server data itself',
  'src/features/search/engine/engine.ts#summaryOf': 'copies a few numbers and strings of an indexed session',
  'src/features/search/engine/engine.ts#errorText': 'an error’s message',
  'src/features/search/engine/engineClient.ts#LocalEngine': 'hands requests to SearchEngine on this thread; reads nothing',
  'src/features/search/engine/engineClient.ts#EngineStoppedError': 'an error class',
  'src/features/search/engine/indexMirror.ts#IndexMirror': 'a Map of the summaries the engine answered; one entry per change',
  'src/app/sessions/attention.ts#AttentionModel':
    'keeps marks in MarkBook (registered) and asks rootAttention (registered) of the roots a frame changed',
};
