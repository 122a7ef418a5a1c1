import { DrizzleQueryError } from "drizzle-orm";

/**
 * The one rule for the text of an error that leaves a function: logs, stored `error` and
 * `last_error` columns, problem+json bodies, `/v1/health`. It says what went wrong, never with
 * what: no SQL statement, no parameter, no row value, no email.
 *
 * drizzle wraps every driver failure in a DrizzleQueryError whose message is
 * "Failed query: <sql>\nparams: <values>" and whose `cause` is the driver's error; for the Neon
 * driver that is pg-protocol's DatabaseError (`code`, `constraint`, `table`, `column`,
 * `detail`...). `detail` ("Key (email)=(a@b.c) already exists", "Failing row contains (...)"),
 * `where` and `internalQuery` carry values or SQL and are never read.
 */

interface PostgresError {
  code: string;
  severity: string;
  message: string;
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;
}

const MAX_LENGTH = 300;
const EMAIL = /[^\s@"'<>(),;:=]+@[^\s@"'<>(),;:=]+\.[^\s@"'<>(),;:=]+/g;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$.]{0,62}$/;

export function describeError(error: unknown): string {
  const postgres = postgresCause(error);
  if (postgres) return describePostgres(postgres);
  if (isQueryError(error)) {
    // No Postgres error behind it: the connection failed (refused, reset, timed out).
    const cause = (error as { cause?: unknown }).cause;
    return cause === undefined || cause === error
      ? "database query failed"
      : `database query failed: ${describeError(cause)}`;
  }
  const text = error instanceof Error ? error.message : String(error);
  return capped(withoutQueryText(text));
}

/**
 * Whether Postgres answered and refused a statement, rather than the connection failing or the
 * server being unable to serve (classes 08 connection, 53 resources, 57 shutdown): then other
 * statements may well succeed where this one did not.
 */
export function refusedByPostgres(error: unknown): boolean {
  const postgres = postgresCause(error);
  return postgres !== null && !/^(08|53|57)/.test(postgres.code);
}

/** For text from elsewhere (Intercom, fetch): no emails, quoted values or `key=value` pairs. */
export function withoutValues(text: string): string {
  return capped(
    withoutQueryText(
      text
        .replace(/"[^"]*"/g, '"…"')
        .replace(/'[^']*'/g, "'…'")
        .replace(/=\s*[^\s,;)]+/g, "=…"),
    ),
  );
}

/** Cuts anything from drizzle's "Failed query:" on, and emails anywhere. */
export function withoutQueryText(text: string): string {
  const at = text.indexOf("Failed query:");
  const kept = at === -1 ? text : `${text.slice(0, at)}database query failed`;
  return kept.replace(EMAIL, "<email>");
}

function capped(text: string): string {
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text;
}

function isQueryError(error: unknown): boolean {
  if (error instanceof DrizzleQueryError) return true;
  // Its class keeps the name "Error"; a copy from another bundle is known by its message.
  return error instanceof Error && error.message.startsWith("Failed query:");
}

function isPostgresError(value: unknown): value is PostgresError {
  if (typeof value !== "object" || value === null) return false;
  const { code, message, severity } = value as Record<string, unknown>;
  // `severity` tells a server error from a Node system error such as EPIPE.
  return (
    typeof code === "string" &&
    /^[0-9A-Z]{5}$/.test(code) &&
    typeof message === "string" &&
    typeof severity === "string"
  );
}

/**
 * The Postgres error itself, or the one a query error was caused by. Other wrappers (our own
 * AppErrors) keep their own message, which was written without values.
 */
function postgresCause(error: unknown): PostgresError | null {
  if (isPostgresError(error)) return error;
  if (!isQueryError(error)) return null;
  const cause = (error as { cause?: unknown }).cause;
  return isPostgresError(cause) ? cause : null;
}

/**
 * `postgres <SQLSTATE>: <message> (table t, column c, constraint k)`. Quoted words are kept
 * only where they name a database object: the error's own fields, or anything in class 42
 * (syntax, undefined objects), whose messages quote SQL names. Elsewhere Postgres quotes the
 * rejected input (`invalid input syntax for type uuid: "…"`) or puts it after a colon.
 */
function describePostgres(error: PostgresError): string {
  const names = new Set(
    [error.schema, error.table, error.column, error.dataType, error.constraint].filter(Boolean),
  );
  const namesObjects = error.code.startsWith("42");
  const cut = namesObjects ? error.message : (error.message.split(": ")[0] ?? "");
  const message = cut.replace(/"([^"]*)"/g, (quoted, inner: string) =>
    names.has(inner) || (namesObjects && IDENTIFIER.test(inner)) ? quoted : '"…"',
  );
  const where = [
    error.table && `table ${error.table}`,
    error.column && `column ${error.column}`,
    error.constraint && `constraint ${error.constraint}`,
  ].filter(Boolean);
  const suffix = where.length > 0 ? ` (${where.join(", ")})` : "";
  return capped(withoutQueryText(`postgres ${error.code}: ${message}${suffix}`));
}
