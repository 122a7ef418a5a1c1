import type { Hono } from "hono";
import { z } from "zod";
import { audited } from "../../audit/auditor.ts";
import { validate } from "../../http/validate.ts";
import { replayDelivery } from "../../webhooks/replay.ts";
import type { DashboardEnv } from "../env.ts";
import { answer, auditor } from "./answer.ts";
import { readForm } from "./form.ts";

const replayForm = z.object({
  workspace_id: z.string().min(1).max(200),
  delivery_key: z.string().min(1).max(200),
});

/** A dead delivery's Replay button: the replay behind `POST /v1/webhooks/deliveries/{key}/replay`. */
export function registerDeliveryReplay(dash: Hono<DashboardEnv>) {
  dash.post("/deliveries/replay", async (c) => {
    const form = validate(replayForm, await readForm(c), "body");
    const { db, queues } = c.var.services;
    const replayed = await audited(
      await auditor(c),
      "webhook.replay",
      () =>
        replayDelivery(
          { db: db(), queue: queues.webhooks },
          { deliveryKey: form.delivery_key, workspaceId: form.workspace_id },
        ),
      {
        attempted: { target: form.delivery_key },
        describe: (r) => ({ target: r.deliveryKey, detail: { changed: r.changed } }),
      },
    );
    return answer(c, `Queued delivery ${replayed.deliveryKey} for replay.`, "deliveries", 202);
  });
}
