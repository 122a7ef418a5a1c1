import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { openDatabase } from "../../../src/db/client.ts";

const testEnv = env as unknown as Env;
const url = testEnv.DATABASE_URL ?? "";

/**
 * Found by the soak: a Postgres restart sends "terminating connection" to every backend's
 * client. A client checked out by a transaction between two statements has no query to fail,
 * so the driver emits the error on the client itself, which was uncaught in workerd.
 */
describe("a connection the server ends while a transaction holds it", () => {
  it("reports the error to the handler instead of throwing it uncaught", async () => {
    const errors: unknown[] = [];
    const victim = openDatabase(url, testEnv.NEON_WS_PROXY, (e) => errors.push(e));
    const killer = openDatabase(url, testEnv.NEON_WS_PROXY, () => {});
    const outcome = await victim.db
      .transaction(async (tx) => {
        const pid = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
        await killer.db.execute(sql`select pg_terminate_backend(${pid.rows[0]?.pid})`);
        // The termination arrives while this transaction's client is idle in our hands.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await tx.execute(sql`select 1`);
      })
      .then(
        () => "committed",
        () => "failed",
      );
    await Promise.allSettled([victim.end(), killer.end()]);
    expect(outcome).toBe("failed");
    expect(errors.length).toBeGreaterThan(0);
  });
});
