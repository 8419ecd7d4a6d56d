// Every setting of this extension, in one list (pure, so core-side code can name a setting too): features read,
// watch and write them through settingAccess.ts, and test/unit/project/manifest.test.ts checks the list against
// package.json's `contributes.configuration`.

export const SETTINGS_SECTION = 'opencodeSessions';

/** Each setting's key under `opencodeSessions.`. */
export const SETTING = {
  servers: 'servers',
  localServerAutoStart: 'localServer.autoStart',
  localServerBinaryPath: 'localServer.binaryPath',
  sortBy: 'sortBy',
  showArchived: 'showArchived',
  includeSubagentChanges: 'changes.includeSubagents',
  showListPrice: 'cost.showListPrice',
  budgetPerSession: 'budget.perSession',
  budgetPerHour: 'budget.perHour',
  budgetPerDay: 'budget.perDay',
  budgetPerWeek: 'budget.perWeek',
  budgetOnExceeded: 'budget.onExceeded',
  budgetCountListPrice: 'budget.countListPrice',
  budgetResumePrompt: 'budget.resumePrompt',
  goBaseUrl: 'go.baseUrl',
  goRefreshMinutes: 'go.refreshMinutes',
  notifyOnRequest: 'notifyOnRequest',
  notifyOnLongTurn: 'notifyOnLongTurn',
  badge: 'badge',
  contextWarningThreshold: 'contextWarningThreshold',
  kubernetesEnabled: 'kubernetes.enabled',
  kubernetesContext: 'kubernetes.context',
  kubernetesNamespaces: 'kubernetes.namespaces',
  kubernetesAccess: 'kubernetes.access',
  kubernetesKubeconfig: 'kubernetes.kubeconfig',
  kubernetesKubeopencodeServer: 'kubernetes.kubeopencodeServer',
  searchMaxIndexMegabytes: 'search.maxIndexMegabytes',
} as const;

export type SettingKey = (typeof SETTING)[keyof typeof SETTING];

/**
 * Settings that can stop, abort or spend, or choose what is contacted and run: a cloned repository's
 * `.vscode/settings.json` must not decide them (a budget of $0.0001 with onExceeded "abort" would stop the
 * user's agents on every server). Restricted in untrusted workspaces and read from the user's own settings only
 * (settingAccess.ts), whatever a workspace says. `window` scope with ignoreSync in package.json, not `machine`: a
 * remote window reads a machine-scoped setting from its Remote settings alone, not from the User tab (issue 74).
 */
export const USER_ONLY: ReadonlySet<SettingKey> = new Set<SettingKey>([
  SETTING.servers,
  SETTING.localServerAutoStart,
  SETTING.localServerBinaryPath,
  SETTING.budgetPerSession,
  SETTING.budgetPerHour,
  SETTING.budgetPerDay,
  SETTING.budgetPerWeek,
  SETTING.budgetOnExceeded,
  SETTING.budgetCountListPrice,
  SETTING.budgetResumePrompt,
  SETTING.goBaseUrl,
  SETTING.kubernetesEnabled,
  SETTING.kubernetesContext,
  SETTING.kubernetesNamespaces,
  SETTING.kubernetesAccess,
  SETTING.kubernetesKubeconfig,
  SETTING.kubernetesKubeopencodeServer,
  // Sizes what is kept of every server's sessions: 0 from a cloned repository would wipe every index.
  SETTING.searchMaxIndexMegabytes,
]);
/** A group of settings watched together (e.g. every `budget.*`): a key's prefix. */
export type SettingGroup = 'budget' | 'kubernetes';
