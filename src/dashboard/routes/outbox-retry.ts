import type { Hono } from "hono";
import { z } from "zod";
import { audited } from "../../audit/auditor.ts";
import { validate } from "../../http/validate.ts";
import { retryOutboxRow } from "../../outbox/retry.ts";
import type { DashboardEnv } from "../env.ts";
import { answer, auditor } from "./answer.ts";
import { readForm } from "./form.ts";

const retryForm = z.object({ id: z.uuid() });

/** A dead outbox message's Retry button: the retry behind `POST /v1/outbox/{id}/retry`. */
export function registerOutboxRetry(dash: Hono<DashboardEnv>) {
  dash.post("/outbox/retry", async (c) => {
    const { id } = validate(retryForm, await readForm(c), "body");
    const { db, queues, clock } = c.var.services;
    const retried = await audited(
      await auditor(c),
      "outbox.retry",
      () => retryOutboxRow({ db: db(), queue: queues.outbox, now: clock.now() }, id),
      {
        attempted: { target: id },
        describe: (r) => ({ target: r.id, detail: { changed: r.changed } }),
      },
    );
    return answer(c, `Queued outbox message ${retried.id} for retry.`, "outbox", 202);
  });
}
