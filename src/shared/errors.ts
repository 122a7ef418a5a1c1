import { describeError } from "./error-text.ts";

/**
 * The closed set of failures the service reports. Each says whether trying again later can
 * succeed; the HTTP mapping lives in one place (src/http/problem.ts).
 */
export type ErrorKind =
  | "invalid_request"
  /** Well-formed, but breaks one of Intercom's rules (which Intercom would apply silently). */
  | "unprocessable"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  /** The person a write names was erased; refused until an operator lifts the suppression. */
  | "erased"
  | "payload_too_large"
  | "rate_limited"
  | "upstream_unavailable"
  | "configuration"
  | "internal";

const RETRYABLE: Record<ErrorKind, boolean> = {
  invalid_request: false,
  unprocessable: false,
  unauthorized: false,
  forbidden: false,
  not_found: false,
  conflict: false,
  erased: false,
  payload_too_large: false,
  rate_limited: true,
  upstream_unavailable: true,
  configuration: false,
  internal: true,
};

export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly problems: FieldProblem[];
  readonly retryAfterSeconds: number | undefined;
  /** A conflict's possible answers, by id only (an email that names several contacts). */
  readonly candidates: string[] | undefined;
  /** An `erased` refusal's suppression id: what an operator lifts (no personal data). */
  readonly suppression: string | undefined;

  constructor(
    kind: ErrorKind,
    message: string,
    options: {
      problems?: FieldProblem[];
      retryAfterSeconds?: number;
      candidates?: string[];
      suppression?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.kind = kind;
    this.retryable = RETRYABLE[kind];
    this.problems = options.problems ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.candidates = options.candidates;
    this.suppression = options.suppression;
  }
}

export class ConfigError extends AppError {
  constructor(message: string, settings: string[]) {
    super("configuration", message, {
      problems: settings.map((line) => {
        const [field = "", ...rest] = line.split(": ");
        return { field, message: rest.join(": ") };
      }),
    });
    this.name = "ConfigError";
  }
}

/**
 * Turns anything thrown into an AppError, keeping the original as its cause. Its message
 * follows errorMessage's rule: a database failure becomes its cause, not its statement.
 */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError("internal", errorMessage(error), { cause: error });
}

/**
 * The text to log or store for anything thrown: the rule of src/shared/error-text.ts (the
 * Postgres code and message without values, never SQL, parameters or emails).
 */
export function errorMessage(error: unknown): string {
  return describeError(error);
}
