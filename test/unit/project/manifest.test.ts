// The manifest as users meet it: every text in package.nls.json (and nothing missing or left over), the
// runtime strings' English bundle current, settings that read well in the Settings editor, and a
// walkthrough whose buttons, events and pictures point at things that exist.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { getL10nJson } from '@vscode/l10n-dev';
import { SETTING, SETTINGS_SECTION, USER_ONLY, type SettingKey } from '../../../src/app/settings/settingKeys';
import { HOVER_COMMANDS } from '../../../src/features/sessions/tree/sessionHover';
import { repoRoot } from '../../harness/paths';

interface Setting {
  description?: string;
  markdownDescription?: string;
  enum?: string[];
  enumDescriptions?: string[];
  order?: number;
  scope?: string;
  ignoreSync?: boolean;
}
interface Manifest {
  l10n?: string;
  capabilities?: { untrustedWorkspaces?: { supported: string; restrictedConfigurations?: string[] } };
  contributes: {
    commands: Array<{ command: string; title: string }>;
    viewsContainers: { activitybar: Array<{ id: string; icon: string }> };
    views: Record<string, Array<{ id: string }>>;
    configuration: Array<{ title: string; order: number; properties: Record<string, Setting> }>;
    walkthroughs: Array<{
      steps: Array<{ id: string; title: string; description: string; media: { markdown?: string }; completionEvents: string[] }>;
    }>;
    menus: Record<string, Array<{ command: string }>>;
  };
}

const root = repoRoot();
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const manifestText = read('package.json');
const manifest = JSON.parse(manifestText) as Manifest;
const nls = JSON.parse(read('package.nls.json')) as Record<string, string>;
const { contributes } = manifest;
const commands = new Set(contributes.commands.map((c) => c.command));
const views = new Set(Object.values(contributes.views).flatMap((list) => list.map((v) => v.id)));
const settings = Object.assign({}, ...contributes.configuration.map((s) => s.properties)) as Record<string, Setting>;
/** A manifest value with its %key% replaced by the English text. */
const english = (value: string) => value.replace(/^%(.+)%$/, (_, k: string) => nls[k] ?? value);

describe('package.nls.json', () => {
  test('every %key% in package.json has its text, and every text is used', () => {
    const used = new Set([...manifestText.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]));
    assert.ok(used.size > 50, `only ${used.size} keys found`);
    assert.deepEqual(
      [...used].filter((k) => !(k in nls)),
      [],
      'keys without a text in package.nls.json',
    );
    assert.deepEqual(
      Object.keys(nls).filter((k) => !used.has(k)),
      [],
      'texts package.json never uses',
    );
  });

  test('what users read is in it: command titles and categories, view names, settings, the walkthrough', () => {
    const literal = (what: string, value: string | undefined) =>
      assert.ok(value === undefined || /^%.+%$/.test(value), `${what} is not localised: ${value}`);
    for (const c of contributes.commands as Array<{ command: string; title: string; category?: string }>) {
      literal(`${c.command} title`, c.title);
      literal(`${c.command} category`, c.category);
    }
    for (const [key, s] of Object.entries(settings)) {
      literal(`${key} description`, s.description);
      literal(`${key} markdownDescription`, s.markdownDescription);
      for (const d of s.enumDescriptions ?? []) literal(`${key} enumDescription`, d);
    }
    for (const step of contributes.walkthroughs.flatMap((w) => w.steps)) {
      literal(`walkthrough step ${step.id} title`, step.title);
      literal(`walkthrough step ${step.id} description`, step.description);
    }
  });
});

describe('l10n/bundle.l10n.json', () => {
  test('holds exactly the vscode.l10n.t strings of src/, as @vscode/l10n-dev exports them (npm run l10n)', async () => {
    assert.equal(manifest.l10n, './l10n');
    const files = walk(join(root, 'src')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    const exported = await getL10nJson(files.map((f) => ({ contents: readFileSync(f, 'utf8'), extension: '.ts' })));
    const shipped = JSON.parse(read('l10n/bundle.l10n.json')) as Record<string, unknown>;
    assert.ok(Object.keys(exported).length > 100, `only ${Object.keys(exported).length} strings found`);
    assert.deepEqual(Object.keys(shipped).sort(), Object.keys(exported).sort(), 'run npm run l10n and commit l10n/bundle.l10n.json');
  });
});

describe('settings', () => {
  test('in titled sections, each setting ordered, described, and its choices explained', () => {
    assert.deepEqual(
      contributes.configuration.map((s) => s.order),
      contributes.configuration.map((_, i) => i + 1),
    );
    for (const section of contributes.configuration) {
      assert.ok(english(section.title), 'a section without a title');
      const orders = Object.values(section.properties).map((s) => s.order);
      assert.deepEqual(
        orders,
        orders.map((_, i) => i + 1),
        `orders in ${english(section.title)}`,
      );
    }
    for (const [key, s] of Object.entries(settings)) {
      assert.ok(s.markdownDescription ?? s.description, `${key} has no description`);
      if (s.enum) assert.equal(s.enumDescriptions?.length, s.enum.length, `${key}: one enumDescription per value`);
    }
  });

  test('the code reads them from one list (src/app/settings/settingKeys.ts), which is exactly the contributed settings', () => {
    assert.deepEqual(
      Object.values(SETTING)
        .map((key) => `${SETTINGS_SECTION}.${key}`)
        .sort(),
      Object.keys(settings).sort(),
    );
  });
});

describe('settings a workspace must not decide', () => {
  const said = (name: string) => nls[`config.${name.replace(/^opencodeSessions\./, '')}.markdownDescription`] ?? '';
  const SAYS = /own settings only\W+User settings \(in a remote window, Remote settings too/;
  const budgets = contributes.configuration.find((s) => s.title === '%config.section.budgets%')!.properties;
  const budgetSection = new Set(Object.keys(budgets));
  const [firstBudgetSetting] = Object.keys(budgets).sort((a, b) => budgets[a].order! - budgets[b].order!);
  const kubernetes = contributes.configuration.find((s) => s.title === '%config.section.kubernetes%')!.properties;
  const kubernetesSection = new Set(Object.keys(kubernetes));
  const [firstKubernetesSetting] = Object.keys(kubernetes).sort((a, b) => kubernetes[a].order! - kubernetes[b].order!);

  test('the budgets section says where its settings are read once, in its first setting, naming what it covers', () => {
    assert.equal(firstBudgetSetting, 'opencodeSessions.budget.perSession');
    assert.match(said(firstBudgetSetting), /every budget setting below, with OpenCode Go's base URL, are read from your own settings only/);
    assert.deepEqual(
      [...budgetSection].filter((name) => name !== firstBudgetSetting && /own settings only/.test(said(name))),
      [],
      'said again',
    );
    // What it covers is what is read from the user's settings alone.
    assert.deepEqual(
      [...budgetSection].filter((name) => USER_ONLY.has(name.replace(/^opencodeSessions\./, '') as SettingKey)).sort(),
      [...budgetSection].filter((name) => /^opencodeSessions\.(budget\.|go\.baseUrl$)/.test(name)).sort(),
    );
  });

  test('the Kubernetes section says it once too, in its first setting; the others keep their own words alone', () => {
    assert.equal(firstKubernetesSetting, 'opencodeSessions.kubernetes.enabled');
    assert.match(said(firstKubernetesSetting), /every Kubernetes setting below are read from your own settings only/);
    assert.deepEqual(
      [...kubernetesSection].filter((name) => name !== firstKubernetesSetting && /own settings only/.test(said(name))),
      [],
      'said again',
    );
    assert.deepEqual(
      [...kubernetesSection].filter((name) => !USER_ONLY.has(name.replace(/^opencodeSessions\./, '') as SettingKey)),
      [],
      "every Kubernetes setting is read from the user's settings alone",
    );
  });

  test('what can stop, abort or spend, or choose what is contacted and run: user settings only, restricted, and said so', () => {
    const restricted = manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? [];
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, 'limited');
    for (const key of [
      'servers',
      'localServer.autoStart',
      'budget.perHour',
      'budget.onExceeded',
      'kubernetes.enabled',
      'go.baseUrl',
      'search.maxIndexMegabytes',
    ])
      assert.ok(USER_ONLY.has(key as SettingKey), key);
    for (const key of USER_ONLY) {
      const name = `opencodeSessions.${key}`;
      // `window`, not `machine`: a remote window (code-server, the demo's) reads a machine-scoped setting from its
      // Remote settings alone and leaves it out of the User tab, where users set it (issue 74). A workspace's value
      // is ignored by settingAccess.ts instead; ignoreSync keeps it on this machine as `machine` did.
      assert.equal(settings[name]?.scope, 'window', key);
      assert.equal(settings[name]?.ignoreSync, true, `${key} is not synced to other machines`);
      assert.ok(restricted.includes(name), `${key} is restricted in untrusted workspaces`);
      // The budgets and Kubernetes sections say it once, in their first setting, for all of them (issue 77: nine
      // times the sentence, and six).
      const sayer = budgetSection.has(name) ? firstBudgetSetting : kubernetesSection.has(name) ? firstKubernetesSetting : name;
      assert.match(said(sayer), SAYS, `${key}: the settings UI says so (in ${sayer})`);
    }
    assert.deepEqual(
      restricted.filter((key) => !(key in settings)),
      [],
      'restricted keys that are not settings',
    );
  });
});

describe('walkthrough', () => {
  const steps = contributes.walkthroughs.flatMap((w) => w.steps);

  test('five steps, each with its markdown in media/walkthrough/', () => {
    assert.deepEqual(
      steps.map((s) => s.id),
      ['connect', 'badge', 'usage', 'budget', 'compact'],
    );
    for (const step of steps) {
      assert.match(step.media.markdown ?? '', /^media\/walkthrough\/.+\.md$/);
      assert.ok(existsSync(join(root, step.media.markdown!)), `${step.media.markdown} exists`);
    }
  });

  test('completion events and buttons name commands, views and settings this manifest contributes', () => {
    const containers = new Set(contributes.viewsContainers.activitybar.map((c) => `workbench.view.extension.${c.id}`));
    for (const step of steps) {
      for (const event of step.completionEvents) {
        const [kind, what] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
        if (kind === 'onCommand') assert.ok(commands.has(what), `${step.id}: ${event}`);
        else if (kind === 'onView') assert.ok(views.has(what), `${step.id}: ${event}`);
        else if (kind === 'onSettingChanged') assert.ok(what in settings, `${step.id}: ${event}`);
        else assert.equal(kind, 'onContext', `${step.id}: ${event}`);
      }
      const links = [...english(step.description).matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
      assert.ok(links.length > 0, `${step.id} has a button`);
      for (const link of links) assert.ok(commands.has(link) || containers.has(link), `${step.id}: command:${link}`);
    }
  });
});

describe('walkthrough ticks what is done from the tree', () => {
  const steps = contributes.walkthroughs.flatMap((w) => w.steps);
  const ticks = (id: string) => steps.find((s) => s.id === id)!.completionEvents;
  const sessionRow = (contributes.menus['view/item/context'] as Array<{ command: string; when: string }>)
    .filter((item) => item.when.includes('viewItem =~ /^session '))
    .map((item) => item.command);
  const serverRow = (contributes.menus['view/item/context'] as Array<{ command: string; when: string }>)
    .filter((item) => item.when.includes('viewItem =~ /^server '))
    .map((item) => item.command);

  test("each step's own buttons tick it", () => {
    for (const step of steps)
      for (const [, command] of english(step.description).matchAll(/\(command:(opencodeSessions\.[\w.]+)\)/g))
        assert.ok(step.completionEvents.includes(`onCommand:${command}`), `${step.id}: its button ${command} ticks it`);
  });

  test("Show Usage and Compact tick their steps, run from a session row's menu or its hover", () => {
    for (const [step, command] of [
      ['usage', 'opencodeSessions.showUsage'],
      ['compact', 'opencodeSessions.compactSession'],
    ]) {
      assert.ok(ticks(step).includes(`onCommand:${command}`), `${step} ticks on ${command}`);
      assert.ok(sessionRow.includes(command), `a session row's menu runs ${command}`);
      assert.ok((HOVER_COMMANDS as readonly string[]).includes(command), `a session row's hover links to ${command}`);
    }
  });

  test("reading a row ticks on the hover's Switch; connecting ticks on the server row's password", () => {
    assert.ok(ticks('badge').includes('onCommand:opencodeSessions.switchSession'));
    assert.ok((HOVER_COMMANDS as readonly string[]).includes('opencodeSessions.switchSession'));
    assert.ok(ticks('connect').includes('onCommand:opencodeSessions.setPassword'));
    assert.ok(serverRow.includes('opencodeSessions.setPassword'));
  });
});

describe('menus', () => {
  test('name only contributed commands', () => {
    for (const [menu, items] of Object.entries(contributes.menus))
      for (const item of items) assert.ok(commands.has(item.command), `${menu}: ${item.command}`);
  });

  test("the Sessions view's bell stays in its title bar, greyed out while nothing waits (issue 77: the buttons jumped)", () => {
    const bell = (contributes.menus['view/title'] as Array<{ command: string; when: string; group: string }>).filter(
      (item) => item.command === 'opencodeSessions.showPendingRequests',
    );
    assert.deepEqual(
      bell.map((item) => [item.when, item.group]),
      [['view == opencodeSessions.sessions', 'navigation@0']],
    );
    const command = (contributes.commands as Array<{ command: string; enablement?: string }>).find(
      (c) => c.command === 'opencodeSessions.showPendingRequests',
    );
    assert.equal(command?.enablement, 'opencodeSessions.requestsWaiting');
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

describe('the activity bar icon', () => {
  // It says OpenCode, as a generic grid would not: an original glyph, an open O with a prompt in it.
  // The activity bar draws an icon as a mask in its own colour, so it uses currentColor and no colour of its own.
  const [container] = manifest.contributes.viewsContainers.activitybar;
  const svg = read(container.icon);

  test('is the open O with a prompt, not the grid it was', () => {
    const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(paths.length, 3, svg);
    assert.match(paths[0], /^M[\d.]+ [\d.]+A8\.8 8\.8 0 1 0 /, 'the O: a circle arc open on its right');
    assert.match(paths[1], /l2\.8 2\.8L8 14\.8$/, 'the prompt: a chevron');
    assert.doesNotMatch(svg, /<rect/, 'no grid of squares');
  });

  test('is monochrome, in the colour the activity bar gives it', () => {
    assert.match(svg, /stroke="currentColor"/);
    assert.deepEqual(svg.match(/#[0-9a-f]{3,8}\b|rgb\(/gi), null, 'no colour of its own');
    assert.match(svg, /viewBox="0 0 24 24"/);
  });
});
