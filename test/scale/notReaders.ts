// Exports of the watched modules (exportsOf.ts) that are not readers of outside data, each with why: they write,
// time, name or hold things, or hand what they read to a registered reader. An export is here or in the registry.
import { clientNotReaders } from './notReaders/client';
import { clusterNotReaders } from './notReaders/cluster';
import { featuresNotReaders } from './notReaders/features';
import { formsNotReaders } from './notReaders/forms';
import { pairingNotReaders } from './notReaders/pairing';
import { pluginNotReaders } from './notReaders/plugin';
import { presentNotReaders } from './notReaders/present';
import { searchNotReaders } from './notReaders/search';
import { storeNotReaders } from './notReaders/store';
import { usageNotReaders } from './notReaders/usage';
import { v2NotReaders } from './notReaders/v2';
import { handOnsNotReaders } from './notReaders/handOns';
import { webviewNotReaders } from './notReaders/webview';
import { wordsNotReaders } from './notReaders/words';

export const NOT_READERS: Readonly<Record<string, string>> = {
  ...clientNotReaders,
  ...v2NotReaders,
  ...pairingNotReaders,
  ...formsNotReaders,
  ...searchNotReaders,
  ...clusterNotReaders,
  ...presentNotReaders,
  ...wordsNotReaders,
  ...storeNotReaders,
  ...webviewNotReaders,
  ...featuresNotReaders,
  ...pluginNotReaders,
  ...usageNotReaders,
  ...handOnsNotReaders,
};
