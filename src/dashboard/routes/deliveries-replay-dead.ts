import type { Hono } from "hono";
import { z } from "zod";
import { audited } from "../../audit/auditor.ts";
import { bulkReplayDetail } from "../../audit/details.ts";
import { validate } from "../../http/validate.ts";
import { replayDeliveries } from "../../webhooks/replay-bulk.ts";
import { replayFilterSchema } from "../../webhooks/replay-filter.ts";
import type { DashboardEnv } from "../env.ts";
import { answer, auditor } from "./answer.ts";
import { readForm } from "./form.ts";

/** An empty topic field is every topic. */
const replayDeadForm = z.object({
  topic: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((t) => t || undefined),
});

/** "Replay all dead": one call of the bulk replay behind POST /v1/webhooks/deliveries/replay. */
export function registerDeliveriesReplayDead(dash: Hono<DashboardEnv>) {
  dash.post("/deliveries/replay-dead", async (c) => {
    const { topic } = validate(replayDeadForm, await readForm(c), "body");
    const filter = validate(replayFilterSchema, { status: "dead", topic }, "body");
    const { db, queues, logger } = c.var.services;
    const { replayed, more } = await audited(
      await auditor(c),
      "webhook.replay_bulk",
      () => replayDeliveries({ db: db(), queue: queues.webhooks, logger }, filter),
      {
        attempted: { detail: bulkReplayDetail(filter) },
        describe: (r) => ({ detail: bulkReplayDetail(filter, r) }),
      },
    );
    const what = `dead deliver${replayed === 1 ? "y" : "ies"}${topic ? ` of ${topic}` : ""}`;
    const rest = more ? " More are dead: replay again for the next ones." : "";
    return answer(c, `Replayed ${replayed} ${what}.${rest}`, "deliveries", 202);
  });
}
