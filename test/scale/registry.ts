// The adversarial scale suite's registry: every function of ours that reads what a server or a model sends — V1, V2
// and Kubernetes wire readers, listings, catalogs, event readers, the OpenAPI reader, form parsing and checks, search
// entries, terms, the index's add, save and load, transcript rendering, attention marks, the cluster's running-Task
// clocks and names — with the inputs that would make it slow. suite/readers.test.ts runs them; suite/coverage.test.ts fails for a reader that is missing.
import type { Reader } from './reader';
import { booksReaders } from './readers/books';
import { budgetCheckReaders } from './readers/budgetCheck';
import { changeRowIndexReaders } from './readers/changeRowIndex';
import { changesReaders } from './readers/changes';
import { changeSetsReaders } from './readers/changeSets';
import { clientReaders } from './readers/client';
import { clusterReaders } from './readers/cluster';
import { clusterBooksReaders } from './readers/clusterBooks';
import { clusterSnapshotReaders } from './readers/clusterSnapshot';
import { filesReaders } from './readers/files';
import { formsReaders } from './readers/forms';
import { framesReaders } from './readers/frames';
import { listPricesReaders } from './readers/listPrices';
import { longTurnsReaders } from './readers/longTurns';
import { sessionMarksReaders } from './readers/sessionMarks';
import { sessionTreeReaders } from './readers/sessionTree';
import { orderReaders } from './readers/order';
import { pairingReaders } from './readers/pairing';
import { pausesReaders } from './readers/pauses';
import { pluginReaders } from './readers/plugin';
import { presentReaders } from './readers/present';
import { publicApiReaders } from './readers/publicApi';
import { requestNodesReaders } from './readers/requestNodes';
import { searchReaders } from './readers/search';
import { serversReaders } from './readers/servers';
import { sessionFilterReaders } from './readers/sessionFilter';
import { settlerEventsReaders } from './readers/settlerEvents';
import { sessionsReadReaders } from './readers/sessionsRead';
import { sharedIndexReaders } from './readers/sharedIndex';
import { spendWindowsReaders } from './readers/spendWindows';
import { statusEndpointReaders } from './readers/statusEndpoint';
import { storeReaders } from './readers/store';
import { tallyReaders } from './readers/tally';
import { treeLayoutReaders } from './readers/treeLayout';
import { trendLoaderReaders } from './readers/trendLoader';
import { transcriptNewestMessageReaders } from './readers/transcriptNewestMessage';
import { usageExportReaders } from './readers/usageExport';
import { usageModelReaders } from './readers/usageModel';
import { usagePanelReaders } from './readers/usagePanel';
import { v2Readers } from './readers/v2';
import { webviewReaders } from './readers/webview';
import { webviewDrawReaders } from './readers/webviewDraw';
import { webviewStateReaders } from './readers/webviewState';

export const READERS: ReadonlyArray<Reader<unknown, unknown>> = [
  ...clientReaders,
  ...v2Readers,
  ...pairingReaders,
  ...formsReaders,
  ...searchReaders,
  ...sharedIndexReaders,
  ...storeReaders,
  ...trendLoaderReaders,
  ...tallyReaders,
  ...changesReaders,
  ...pausesReaders,
  ...clusterReaders,
  ...clusterSnapshotReaders,
  ...clusterBooksReaders,
  ...listPricesReaders,
  ...presentReaders,
  ...sessionFilterReaders,
  ...requestNodesReaders,
  ...serversReaders,
  ...orderReaders,
  ...webviewReaders,
  ...webviewDrawReaders,
  ...usageExportReaders,
  ...settlerEventsReaders,
  ...transcriptNewestMessageReaders,
  ...pluginReaders,
  ...webviewStateReaders,
  ...changeSetsReaders,
  ...changeRowIndexReaders,
  ...booksReaders,
  ...usagePanelReaders,
  ...framesReaders,
  ...sessionsReadReaders,
  ...filesReaders,
  ...statusEndpointReaders,
  ...treeLayoutReaders,
  ...longTurnsReaders,
  ...publicApiReaders,
  ...spendWindowsReaders,
  ...budgetCheckReaders,
  ...usageModelReaders,
  ...sessionTreeReaders,
  ...sessionMarksReaders,
];
