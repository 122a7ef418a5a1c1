import { describeError, withoutQueryText } from "./error-text.ts";

type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Error text follows one rule (src/shared/error-text.ts) however it reaches a line: an Error
 * anywhere in the fields is printed as its described cause (never its message or stack as
 * thrown), and no string carries drizzle's "Failed query: ... params: ..." text or an email.
 */
function safeValue(_key: string, value: unknown): unknown {
  if (value instanceof Error) return describeError(value);
  if (typeof value === "string") return withoutQueryText(value);
  return value;
}

/** One JSON object per line: Workers Logs and `wrangler tail` index the fields. */
export function createLogger(level: LogLevel, base: LogFields = {}): Logger {
  const write = (at: LogLevel, message: string, fields?: LogFields) => {
    if (ORDER[at] < ORDER[level]) return;
    const line = JSON.stringify({ level: at, message, ...base, ...fields }, safeValue);
    if (at === "error") console.error(line);
    else if (at === "warn") console.warn(line);
    else console.log(line);
  };
  return {
    debug: (message, fields) => write("debug", message, fields),
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
    child: (fields) => createLogger(level, { ...base, ...fields }),
  };
}
