import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { vi } from "vitest";
import type { Env } from "../../src/config/env.ts";
import { createServices } from "../../src/services.ts";

/**
 * A schema of the test's own holding copies of real tables that a statement of the service
 * will fail against (a narrower type, an extra constraint), and an env whose connections put
 * it first on the search path: every other table is the real one, so the Worker's own code
 * runs against real Postgres and only the chosen write fails.
 */
export async function shadowTables(
  tables: Record<string, string>,
): Promise<{ env: Env; drop(): Promise<void> }> {
  const schema = `leak_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = createServices(env as unknown as Env);
  const db = admin.db();
  await db.execute(sql.raw(`create schema ${schema}`));
  for (const [table, alteration] of Object.entries(tables)) {
    await db.execute(
      sql.raw(`create table ${schema}.${table} (like public.${table} including all)`),
    );
    await db.execute(sql.raw(`alter table ${schema}.${table} ${alteration}`));
  }
  const url = new URL(String((env as unknown as Env).DATABASE_URL));
  url.searchParams.set("options", `-c search_path=${schema},public`);
  return {
    env: { ...(env as unknown as Env), DATABASE_URL: url.toString() },
    async drop() {
      await db.execute(sql.raw(`drop schema ${schema} cascade`));
      await admin.close();
    },
  };
}

/** Every line the service prints while `work` runs (the logger writes through console). */
export async function capturedLines(work: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    }),
  );
  try {
    await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines;
}

/** SQL text in an error is what leaked before: drizzle's "Failed query: … params: …". */
export const SQL_TEXT = /insert into|select |update "|delete from|params:|failed query/i;
