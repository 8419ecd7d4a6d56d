// Placeholder during bring-up.
export {};
