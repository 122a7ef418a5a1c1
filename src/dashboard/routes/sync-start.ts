import type { Hono } from "hono";
import { z } from "zod";
import { SYNC_KINDS } from "../../db/schema/sync.ts";
import { operatorSyncStart } from "../../deps.ts";
import { validate } from "../../http/support/validate.ts";
import type { DashboardEnv } from "../env.ts";
import { answer, auditor } from "./answer.ts";
import { readForm } from "./form.ts";

const syncParams = z.object({ kind: z.enum(SYNC_KINDS) });
const syncForm = z.object({ mode: z.enum(["incremental", "full"]) });

/** Start buttons: the same audited start as `POST /v1/sync/:kind`, with the same 409. */
export function registerSyncStart(dash: Hono<DashboardEnv>) {
  dash.post("/sync/:kind", async (c) => {
    const { kind } = validate(syncParams, c.req.param(), "path");
    const { mode } = validate(syncForm, await readForm(c), "body");
    const run = await operatorSyncStart(c.var.services, await auditor(c), { kind, mode });
    return answer(c, `Started a ${run.mode} ${run.kind} run (${run.id}).`, "runs", 202);
  });
}
