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
  /** The frame that held the thread longest by its own time, idle aside: `name file:line:column (NN %)`. */
  top?: string;
}

export const frameOf = (n: ProfileNode): string =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;

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
  let top: string | undefined;
  let most = 0;
  for (const [key, count] of self) if (count > most) [top, most] = [key, count];
  return {
    busy: idle < BUSY_BELOW_IDLE,
    idle,
    ...(top ? { top: `${top} (${((100 * most) / (total || 1)).toFixed(0)} %)` } : {}),
  };
}
