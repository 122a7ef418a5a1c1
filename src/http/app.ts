import { Hono } from "hono";
import type { Env } from "../config/env.ts";
import { createServices } from "../services.ts";
import { AppError, asAppError } from "../shared/errors.ts";
import type { AppEnv } from "./app-env.ts";
import { problemResponse } from "./problem.ts";
import { registerContactDelete } from "./routes/contact-delete.ts";
import { registerContactGet } from "./routes/contact-get.ts";
import { registerContactIdentify } from "./routes/contact-identify.ts";
import { registerContactNote } from "./routes/contact-note.ts";
import { registerContactTagAdd } from "./routes/contact-tag-add.ts";
import { registerContactTagRemove } from "./routes/contact-tag-remove.ts";
import { registerCustomers } from "./routes/customers.ts";
import { registerEventsPost } from "./routes/events-post.ts";
import { registerHealth } from "./routes/health.ts";
import { registerMessageSend } from "./routes/message-send.ts";
import { registerNoop } from "./routes/noop.ts";
import { registerOutboxList } from "./routes/outbox-list.ts";
import { registerSyncConversationOne } from "./routes/sync-conversation-one.ts";
import { registerSyncConversationsStart } from "./routes/sync-conversations-start.ts";
import { registerSyncRuns } from "./routes/sync-runs.ts";
import { registerSyncStart } from "./routes/sync-start.ts";
import { registerTrack } from "./routes/track.ts";
import { registerWebhookDeliveries } from "./routes/webhook-deliveries.ts";
import { registerIntercomWebhook } from "./routes/webhooks-intercom.ts";

export function buildApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    const services = createServices(c.env as Env, { path: c.req.path, method: c.req.method });
    c.set("services", services);
    try {
      await next();
    } finally {
      c.executionCtx.waitUntil(services.close());
    }
  });
  registerHealth(app);
  registerIntercomWebhook(app);
  // Before GET /v1/contacts/:id, so "identify" is never read as a contact id.
  registerContactIdentify(app);
  registerContactGet(app);
  registerContactDelete(app);
  registerContactTagAdd(app);
  registerContactTagRemove(app);
  registerContactNote(app);
  registerMessageSend(app);
  registerEventsPost(app);
  registerTrack(app);
  registerSyncStart(app);
  registerSyncConversationsStart(app);
  registerSyncConversationOne(app);
  registerSyncRuns(app);
  registerCustomers(app);
  registerOutboxList(app);
  registerWebhookDeliveries(app);
  registerNoop(app);
  app.notFound((c) =>
    problemResponse(
      new AppError("not_found", `no route for ${c.req.method} ${c.req.path}`),
      c.req.path,
    ),
  );
  app.onError((error, c) => {
    const appError = asAppError(error);
    if (appError.kind === "internal" || appError.kind === "configuration") {
      console.error(
        JSON.stringify({
          level: "error",
          message: appError.message,
          path: c.req.path,
          kind: appError.kind,
        }),
      );
    }
    return problemResponse(appError, c.req.path);
  });
  return app;
}
