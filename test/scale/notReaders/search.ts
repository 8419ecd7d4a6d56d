// Exports of the search modules that read nothing a server or a model sends, each with why (../notReaders.ts).
export const searchNotReaders: Record<string, string> = {
  'src/features/search/node/indexKey.ts#storageKey':
    'hashes the server’s config and its oldest session’s id (one short string); reads no answer itself',
  'src/features/search/node/indexKey.ts#oldestSession':
    'one pass over the store’s sessions, parsed already (a comparison each): linear, no text read',
  'src/features/search/node/indexFile.ts#privateFolder': 'makes a folder 0700 (or sets it so); reads no server data',
  'src/features/search/node/indexCaps.ts#sessionCapOf': 'arithmetic on the user’s cap (a number); reads no server data',
  'src/features/search/node/indexCaps.ts#mb': 'a number of bytes in words',
  'src/features/search/node/indexFolder.ts#metaOf': 'copies a session’s id, title, folder and parent, cut by slimMeta',
  'src/features/search/common/indexDocuments.ts#internals': "a cast: FlexSearch's own fields, named for the index's layers; reads nothing",
  'src/features/search/common/searchLimits.ts#maxIndexBytes': "clamps the user's own setting (a number) to 1–4096 MB; reads no server data",
  'src/features/search/index.ts#registerSearch': 'registers commands; hands a hit to the Open Transcript command and the search pick',
  'src/features/transcripts/index.ts#registerTranscripts':
    'registers commands and a URI handler (its query read by URLSearchParams, linear); hands them to openTranscript',
  'src/features/search/common/entries.ts#matchedOf':
    'copies an index entry’s fields (bounded there: entryOfPart caps each) into plain data',
  'src/features/transcripts/matchedPart.ts#matchedPartOf':
    'checks the six fields of a command argument (type checks, no text read; at most 16 words, each cut to 48 characters): constant work; renderMatchedPart (registered) shows it',
  'src/features/search/indexProgress.ts#IndexProgress': 'shows the indexers’ progress counts (numbers) as a progress bar and context keys',
  'src/features/transcripts/openTranscript.ts#openTranscript':
    'opens a rendered transcript (TranscriptRender, registered), folds with partEnd (registered) and finds the matched word in the part’s lines (indexOf per query word, at most 16: linear)',
  'src/features/search/searchPick.ts#SearchPick': 'holds the quick pick shown, for the tests; reads nothing',
  'src/features/search/searchPick.ts#showSearchPick': 'a quick pick of what itemsOf gives; reads nothing of a server itself',
  'src/features/search/searchPick.ts#itemsOf':
    'formats at most 50 hits that ContentIndex.search (registered) read: snippets of at most 160 characters, escaped',
  'src/features/search/searchService.ts#SearchService':
    'hands each connection to a ServerIndexer (registered) and merges at most 50 hits per server from ContentIndex.search',
  'src/features/transcripts/transcriptDocuments.ts#TranscriptDocuments':
    'a VS Code document provider: hands every page of a transcript to TranscriptRender (registered)',
  'src/features/transcripts/transcriptPreviews.ts#TranscriptPreviews':
    'compares the tab labels VS Code gives with previewedTranscript (registered) and records them (recordPreview, registered); reads no server data',
  'src/features/transcripts/matchDocument.ts#MatchDocument':
    'keeps the transcript at a match: markedText (registered) over the rendering, made again only when it moved',
  'src/features/transcripts/followPace.ts#followDelay': 'a wait from a length in characters (one division); reads nothing',
  'src/features/transcripts/transcriptUri.ts#transcriptUri':
    'a URI of a session’s ids and its title, cut to 200 characters before a linear replace',
  'src/features/transcripts/transcriptName.ts#transcriptFileName':
    'a file name of a session title, cut to 200 characters before a linear replace',
  'src/features/transcripts/transcriptName.ts#previewedTranscript':
    'compares a tab label VS Code gives with the names of the open documents and transcripts (one pass each, a Map lookup)',
  'src/features/transcripts/transcriptName.ts#recordPreview':
    'records a tab label VS Code gives for a URI this extension built (a Map lookup and set, the map and each list kept to a number)',
  'src/features/transcripts/transcriptName.ts#previewPrefix':
    'the words before a file name in a tab label VS Code gives (one endsWith and one slice)',
  'src/features/transcripts/transcriptName.ts#forgetClosedPreviews':
    'drops the recorded labels no open tab shows (a Set lookup each, the map kept to a number)',
  'src/features/search/common/readsInFlight.ts#ReadsInFlight': 'counts readers and deletions per session id (a Map lookup each)',
  'src/features/transcripts/transcriptUri.ts#linkBetween':
    'a relative link of a session id (an anchored, bounded pattern) and its file name (transcriptFileName), else transcriptLink',
  'src/features/transcripts/transcriptUri.ts#targetOf':
    "reads this extension's own transcript URI's path and query (a split, an anchored bounded pattern, URLSearchParams)",
  'src/features/search/node/engine/engine.ts#SearchEngine':
    'hands requests to ContentIndex (registered: addPage, search, load) and indexFile; reads no server data itself',
  'src/features/search/node/engine/engine.ts#summaryOf': 'copies a few numbers and strings of an indexed session',
  'src/features/search/node/engine/engine.ts#errorText': 'an error’s message',
  'src/features/search/node/engine/engineClient.ts#LocalEngine': 'hands requests to SearchEngine on this thread; reads nothing',
  'src/features/search/common/engine/engineProxy.ts#EngineStoppedError': 'an error class',
  'src/features/search/common/engine/indexMirror.ts#IndexMirror': 'a Map of the summaries the engine answered; one entry per change',
  'src/app/sessions/attention.ts#AttentionModel':
    'keeps marks in MarkBook (registered) and asks rootAttention (registered) of the roots a frame changed',
};
