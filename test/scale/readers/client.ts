// The client readers of the scale registry (../registry.ts).
import type { Reader } from '../reader';

export const clientReaders: Array<Reader<unknown, unknown>> = [];
