// What the adversarial scale suite knows of one reader of outside data: a function of ours that reads what a server
// or a model sends (a wire answer, an event, a listing, a form, a tool's output…), the real code path that runs it,
// and the inputs to run it on: ordinary ones and the worst shapes known for its kind. suite/readers.test.ts runs each
// shape at n and 10n items in a worker thread and holds the coarse bounds no noise reaches (measure.ts).

/** One kind of input, of about `n` items (entries, events, characters, siblings, pages…). */
export interface Shape<I, C> {
  /** What the input is, as the test title says it: `anyOf of 8 $refs to itself`. */
  name: string;
  /** Makes an input of about n items, before the clock starts (a server's answers are set up here). */
  make(n: number, context: C): I | Promise<I>;
  /** A worst shape known for the kind (the table, nested repeats, colliding words…), not an ordinary one. */
  worst?: boolean;
  /** Its cost is set by a cap the reader holds, not by n (pages that never end): no warm-up, one run at n, not three. */
  capped?: boolean;
}

export interface Reader<I = never, C = undefined> {
  /** The reader, as a person says it: `OpenAPI document (RouteTable.read)`. */
  name: string;
  /**
   * The exports this entry runs, as `src/<path>.ts#<export>`: suite/coverage.test.ts fails for an export of a watched
   * module that no entry covers and notReaders.ts does not name.
   */
  covers: string[];
  /** The small size (the big run is ten times it); 10 000 unless the kind is slower per item. */
  n?: number;
  /** Made once per worker before any run: a loopback server, a folder… */
  setup?(): C | Promise<C>;
  teardown?(context: C): void | Promise<void>;
  /** Runs the real code path on one input and gives what it read. */
  read(input: I, context: C): unknown;
  shapes: Array<Shape<I, C>>;
  /**
   * Throws when an answer is wrong for its input: the same as a small input gives, or a clear "too large" where a
   * cap applies. Bounded work is no use if it reads nothing.
   */
  check?(answer: unknown, n: number, shape: string): void;
}

/** Keeps an entry's input and context types while the registry holds readers of every kind. */
export function reader<I, C = undefined>(entry: Reader<I, C>): Reader<unknown, unknown> {
  return entry;
}
