import type { Hono } from "hono";
import { z } from "zod";
import { operatorWritebackStart } from "../../deps.ts";
import { validate } from "../../http/support/validate.ts";
import type { DashboardEnv } from "../env.ts";
import { answer, auditor } from "./answer.ts";
import { readForm } from "./form.ts";

/** A form field is text: the buttons send `true` (the preview) or `false`. */
const writebackForm = z.object({ dry_run: z.enum(["true", "false"]) });

/** Write-back buttons: the same audited start as `POST /v1/writeback`, with the same 409. */
export function registerWritebackStart(dash: Hono<DashboardEnv>) {
  dash.post("/writeback", async (c) => {
    const { dry_run } = validate(writebackForm, await readForm(c), "body");
    const dryRun = dry_run === "true";
    const run = await operatorWritebackStart(c.var.services, await auditor(c), dryRun);
    const what = dryRun ? "a write-back dry run" : "a write-back run";
    return answer(c, `Started ${what} (${run.id}).`, "writeback", 202);
  });
}
