// Exports of the watched modules (exportsOf.ts) that are not readers of outside data, each with why: they write,
// time, name or hold things, or hand what they read to a registered reader. An export is here or in the registry.
import { clientNotReaders } from './notReaders/client';
import { clusterNotReaders } from './notReaders/cluster';
import { formsNotReaders } from './notReaders/forms';
import { pairingNotReaders } from './notReaders/pairing';
import { searchNotReaders } from './notReaders/search';
import { v2NotReaders } from './notReaders/v2';

export const NOT_READERS: Readonly<Record<string, string>> = {
  ...clientNotReaders,
  ...v2NotReaders,
  ...pairingNotReaders,
  ...formsNotReaders,
  ...searchNotReaders,
  ...clusterNotReaders,
};
