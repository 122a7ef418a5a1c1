import { DrizzleQueryError } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { IntercomError } from "../../../src/intercom/errors.ts";
import { describeError, refusedByPostgres } from "../../../src/shared/error-text.ts";
import { asAppError, errorMessage } from "../../../src/shared/errors.ts";
import { createLogger } from "../../../src/shared/logger.ts";

/** Shaped as pg-protocol's DatabaseError: the fields the Neon driver fills from the server. */
function postgresError(fields: Record<string, string>): Error {
  return Object.assign(new Error(fields.message), { severity: "ERROR", ...fields });
}

/** As drizzle 0.45 wraps a driver failure. */
function queryError(cause: unknown): Error {
  return new DrizzleQueryError(
    'insert into "contacts" ("email") values ($1)',
    ["ada@example.com"],
    cause as Error,
  );
}

describe("error text", () => {
  it("reports a unique violation by code and constraint, without the detail's values", () => {
    const cause = postgresError({
      code: "23505",
      message: 'duplicate key value violates unique constraint "contacts_email_key"',
      detail: "Key (email)=(ada@example.com) already exists.",
      table: "contacts",
      constraint: "contacts_email_key",
    });
    expect(errorMessage(queryError(cause))).toBe(
      'postgres 23505: duplicate key value violates unique constraint "contacts_email_key" (table contacts, constraint contacts_email_key)',
    );
  });

  it("drops the rejected input Postgres quotes in a data exception", () => {
    const text = describeError(
      queryError(
        postgresError({ code: "22P02", message: 'invalid input syntax for type uuid: "ada-42"' }),
      ),
    );
    expect(text).toBe("postgres 22P02: invalid input syntax for type uuid");
    const range = describeError(
      postgresError({
        code: "22003",
        message: 'value "99999999999" is out of range for type integer',
      }),
    );
    expect(range).toBe('postgres 22003: value "…" is out of range for type integer');
  });

  it("keeps the object names of class 42 errors", () => {
    const text = describeError(
      queryError(
        postgresError({ code: "42P01", message: 'relation "contacts_old" does not exist' }),
      ),
    );
    expect(text).toBe('postgres 42P01: relation "contacts_old" does not exist');
  });

  it("says a query failed, not which, when the connection did", () => {
    expect(describeError(queryError(new Error("Connection terminated unexpectedly")))).toBe(
      "database query failed: Connection terminated unexpectedly",
    );
    expect(asAppError(queryError(undefined)).message).toBe("database query failed");
  });

  it("never passes drizzle's statement text or an email through, wherever it is", () => {
    const wrapped = new Error(`step failed: ${queryError(undefined).message}`);
    expect(errorMessage(wrapped)).toBe("step failed: database query failed");
    expect(errorMessage("no contact for ada@example.com")).toBe("no contact for <email>");
  });

  it("keeps Intercom's code and a message without its values", () => {
    const error = new IntercomError({
      status: 409,
      code: "conflict",
      message: "A contact matching those details already exists with id=6650a1b2c3",
      retryable: false,
    });
    expect(error.message).toBe(
      "Intercom 409 conflict: A contact matching those details already exists with id=…",
    );
    expect(error.upstreamMessage).toContain("id=6650a1b2c3");
    const invalid = new IntercomError({
      status: 400,
      code: "parameter_invalid",
      message: "Email 'ada@example.com' is invalid",
      retryable: false,
    });
    expect(invalid.message).not.toContain("ada@example.com");
  });

  it("logs an Error field as its cause, never its message or stack", () => {
    const lines: string[] = [];
    const original = console.error;
    console.error = (line: string) => lines.push(line);
    try {
      const cause = postgresError({
        code: "23502",
        message: 'null value in column "email" of relation "contacts" violates not-null constraint',
        column: "email",
        table: "contacts",
      });
      createLogger("info").error("write failed", {
        error: queryError(cause),
        nested: { e: queryError(cause) },
      });
    } finally {
      console.error = original;
    }
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? "{}") as { error: string; nested: { e: string } };
    expect(line.error).toMatch(/^postgres 23502: null value in column "email"/);
    expect(line.nested.e).toBe(line.error);
    expect(lines[0]).not.toMatch(/insert into|params|ada@example\.com|at .*\.ts/);
  });
});

describe("telling a refused statement from an unreachable database", () => {
  it("counts what Postgres answered and refused, wrapped or not", () => {
    const nul = postgresError({ code: "22P05", message: "unsupported Unicode escape sequence" });
    expect(refusedByPostgres(queryError(nul))).toBe(true);
    expect(refusedByPostgres(nul)).toBe(true);
  });

  it("does not count a failed connection, a shutdown or a full server", () => {
    expect(refusedByPostgres(queryError(new Error("Connection refused")))).toBe(false);
    for (const code of ["08006", "57P01", "57P03", "53300"])
      expect(refusedByPostgres(queryError(postgresError({ code, message: "down" }))), code).toBe(
        false,
      );
    expect(refusedByPostgres(new Error("Network connection lost."))).toBe(false);
  });
});
