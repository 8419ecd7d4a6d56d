import type { Plugin } from 'esbuild';

export const WATCH_STARTED: string;
export const WATCH_FINISHED: string;
export function watchReporter(log?: (line: string) => void): Plugin;
