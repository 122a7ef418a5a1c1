import { env } from "cloudflare:workers";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import scrub from "../../../drizzle/0009_scrub_error_texts.sql?raw";
import type { Env } from "../../../src/config/env.ts";
import { outboxMessages } from "../../../src/db/schema/outbox.ts";
import { createServices } from "../../../src/services.ts";
import { insertOutbox, workspace } from "../../support/retention.ts";

describe("migration 0009: error texts written before the error-text rule", () => {
  it("replaces SQL-and-values texts and masks emails, leaving clean texts alone", async () => {
    const services = createServices(env as unknown as Env);
    try {
      const db = services.db();
      const ws = workspace();
      const leaky = 'Failed query: insert into "contacts" values ($1)\nparams: ada@example.com';
      const texts = {
        leaky,
        email: "Intercom 409 conflict: contact ada@example.com exists",
        clean: "postgres 23505: duplicate key value violates unique constraint",
      };
      for (const [key, text] of Object.entries(texts)) {
        await insertOutbox(db, ws, key, "dead", new Date());
        await db
          .update(outboxMessages)
          .set({ lastError: text })
          .where(and(eq(outboxMessages.workspaceId, ws), eq(outboxMessages.idempotencyKey, key)));
      }
      for (const statement of scrub.split("--> statement-breakpoint"))
        await db.execute(sql.raw(statement));
      const rows = await db
        .select({ key: outboxMessages.idempotencyKey, text: outboxMessages.lastError })
        .from(outboxMessages)
        .where(eq(outboxMessages.workspaceId, ws));
      const after = Object.fromEntries(rows.map((r) => [r.key, r.text]));
      expect(after.leaky).toMatch(/^error text removed/);
      expect(after.email).toBe("Intercom 409 conflict: contact <email> exists");
      expect(after.clean).toBe(texts.clean);
    } finally {
      await services.close();
    }
  });
});
