// The content index's default cap per server, in MB of indexed text (the setting opencodeSessions.search.maxIndexMegabytes).
export const DEFAULT_MAX_INDEX_MB = 100;
