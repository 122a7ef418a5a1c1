import type { Hono } from "hono";
import { z } from "zod";
import { audited } from "../../audit/auditor.ts";
import { syncStartDetail } from "../../audit/details.ts";
import { startDepsFor } from "../../deps.ts";
import { validate } from "../../http/support/validate.ts";
import { startSync } from "../../sync/start.ts";
import { WHOLE } from "../../sync/window.ts";
import type { DashboardEnv } from "../env.ts";
import { answer, auditor } from "./answer.ts";
import { readForm } from "./form.ts";

const syncParams = z.object({ kind: z.enum(["contacts", "conversations"]) });
const syncForm = z.object({ mode: z.enum(["incremental", "full"]) });

/** Start buttons: the same startSync as `POST /v1/sync/:kind`, with the same 409. */
export function registerSyncStart(dash: Hono<DashboardEnv>) {
  dash.post("/sync/:kind", async (c) => {
    const { kind } = validate(syncParams, c.req.param(), "path");
    const { mode } = validate(syncForm, await readForm(c), "body");
    const detail = syncStartDetail(kind, mode, WHOLE);
    const run = await audited(
      await auditor(c),
      "sync.start",
      (within) =>
        startSync(
          kind,
          mode,
          "manual",
          startDepsFor(c.var.services, {
            onStarted: (tx, started) => within(tx, { target: started.id, detail }),
          }),
        ),
      { attempted: { detail } },
    );
    return answer(c, `Started a ${run.mode} ${run.kind} run (${run.id}).`, "runs", 202);
  });
}
