import type { Context, Hono } from "hono";
import { z } from "zod";
import { startSync } from "../../sync/start.ts";
import { validate } from "../validate.ts";
import type { DashboardEnv } from "./env.ts";

const syncParams = z.object({ kind: z.enum(["contacts", "conversations"]) });
const syncForm = z.object({ mode: z.enum(["incremental", "full"]) });

/**
 * The script sends forms with `x-dashboard-inline` and shows the message; a plain form post
 * (no script) goes back to the section it came from.
 */
export function answer(
  c: Context<DashboardEnv>,
  message: string,
  section: string,
  status: 200 | 202 = 200,
) {
  if (c.req.header("x-dashboard-inline")) return c.json({ message }, status);
  return c.redirect(`/dashboard#${section}`, 303);
}

/** Form fields only: parseBody reads form bodies, so any other body has no fields. */
export async function formOf(c: Context<DashboardEnv>) {
  return Object.fromEntries(
    Object.entries(await c.req.parseBody()).filter(([, v]) => typeof v === "string"),
  );
}

/** Start buttons: the same startSync as `POST /v1/sync/:kind`, with the same 409. */
export function registerSyncActions(dash: Hono<DashboardEnv>) {
  dash.post("/sync/:kind", async (c) => {
    const { kind } = validate(syncParams, c.req.param(), "path");
    const { mode } = validate(syncForm, await formOf(c), "body");
    const { db, queues, config, clock, intercom } = c.var.services;
    const run = await startSync(kind, mode, "manual", {
      client: intercom(),
      db: db(),
      queue: queues.sync,
      workspaceId: config.INTERCOM_WORKSPACE_ID,
      now: clock.now(),
    });
    return answer(c, `Started a ${run.mode} ${run.kind} run (${run.id}).`, "runs", 202);
  });
}
