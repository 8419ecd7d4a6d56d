/** Where the client layer reports; the extension writes it to its output channel. Never given secrets. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
