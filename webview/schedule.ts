// Work that can wait runs in small chunks with a yield between them, so typing, clicks and tab switches
// are handled while the panel fills. A newer fill (a new report) cancels the chunks of the older one.

interface SchedulerLike {
  yield?: () => Promise<void>;
}

/** Lets the browser handle input and paint: scheduler.yield() where there is one, else a fresh task. */
export function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: SchedulerLike }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  // A MessageChannel task is not clamped like nested setTimeout(0).
  return yieldToTask();
}

/** Resolves once the next frame has been painted: a task queued from requestAnimationFrame runs after it. */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => void yieldToTask().then(resolve)));
}

function yieldToTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(undefined);
  });
}

export class ChunkedFill {
  private generation = 0;

  /**
   * Runs `chunks` in order, the first after the next painted frame (what was drawn before the call is on
   * screen first: scheduler.yield() alone resumes before the browser paints), yielding before each of the
   * others; `done` after the last. Cancels a fill still running.
   */
  run(chunks: ReadonlyArray<() => void>, done: () => void): void {
    const generation = ++this.generation;
    void (async () => {
      let first = true;
      for (const chunk of chunks) {
        await (first ? afterNextPaint() : yieldToBrowser());
        first = false;
        if (generation !== this.generation) return;
        chunk();
      }
      if (generation === this.generation) done();
    })();
  }

  cancel(): void {
    this.generation++;
  }
}
