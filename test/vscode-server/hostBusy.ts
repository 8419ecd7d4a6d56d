// What a profile of an unresponsive extension host's main thread says: busy (its own thread working: a test run is
// failed, naming the code) or idle (the workbench lost its connection to a host that waits: the client reconnects,
// so the run waits). A host 87 % idle behind a stalled connection once failed a whole stage.

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

/** A V8 .cpuprofile, as the inspector's Profiler.stop gives it. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/** A host whose main thread is idle for less than this share of the samples is busy. */
export const BUSY_BELOW_IDLE = 0.5;

export interface HostVerdict {
  busy: boolean;
  /** Share of the samples the thread was idle in, 0–1 (1 with no samples: nothing says it worked). */
  idle: number;
  /**
   * The frames that held the thread longest by their own time, idle aside, at most TOP_FRAMES, hottest first:
   * `name file:line:column (NN %)` joined by `; ` (one hot frame may be a helper its caller loops on).
   */
  top?: string;
}

/** How many frames a busy verdict names. */
export const TOP_FRAMES = 3;

/** `name file:line:column`; V8's own entries ((program), (garbage collector)) have no place: the name alone. */
export const frameOf = (n: ProfileNode): string => {
  const name = n.callFrame.functionName || '(anonymous)';
  if (!n.callFrame.url) return name;
  return `${name} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
};

/** Busy or idle, and the code that held the thread. */
export function hostVerdict(profile: CpuProfile): HostVerdict {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const total = profile.samples.length;
  let idleSamples = 0;
  const self = new Map<string, number>();
  for (const id of profile.samples) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') {
      idleSamples++;
      continue;
    }
    const key = frameOf(node);
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  const idle = total === 0 ? 1 : idleSamples / total;
  const top = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP_FRAMES)
    .map(([key, count]) => `${key} (${((100 * count) / (total || 1)).toFixed(0)} %)`)
    .join('; ');
  return { busy: idle < BUSY_BELOW_IDLE, idle, ...(top ? { top } : {}) };
}
