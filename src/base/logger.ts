/** Where the client layer reports; the extension writes it to its output channel. Never given secrets. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Detail for whoever investigates (the output channel's debug level); optional for loggers that keep none. */
  debug?(message: string): void;
}
