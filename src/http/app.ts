import { Hono } from "hono";
import type { Env } from "../config/env.ts";
import { createServices } from "../services.ts";
import { AppError, asAppError } from "../shared/errors.ts";
import { createLogger } from "../shared/logger.ts";
import type { AppEnv } from "./app-env.ts";
import { dashboardApp } from "./dashboard/app.ts";
import { inputGuard } from "./input-guard.ts";
import { problemResponse } from "./problem.ts";
import { registerContactDelete } from "./routes/contact-delete.ts";
import { registerContactGet } from "./routes/contact-get.ts";
import { registerContactIdentify } from "./routes/contact-identify.ts";
import { registerContactNote } from "./routes/contact-note.ts";
import { registerContactTagAdd } from "./routes/contact-tag-add.ts";
import { registerContactTagRemove } from "./routes/contact-tag-remove.ts";
import { registerCustomers } from "./routes/customers.ts";
import { registerErasuresList } from "./routes/erasures-list.ts";
import { registerEventsPost } from "./routes/events-post.ts";
import { registerHealth } from "./routes/health.ts";
import { registerHealthAdmin } from "./routes/health-admin.ts";
import { registerMessageSend } from "./routes/message-send.ts";
import { registerNoop } from "./routes/noop.ts";
import { registerOutboxList } from "./routes/outbox-list.ts";
import { registerOutboxRetry } from "./routes/outbox-retry.ts";
import { registerSyncConversationOne } from "./routes/sync-conversation-one.ts";
import { registerSyncRuns } from "./routes/sync-runs.ts";
import { registerSyncStart } from "./routes/sync-start.ts";
import { registerTrack } from "./routes/track.ts";
import { registerWebhookDeliveries } from "./routes/webhook-deliveries.ts";
import { registerWebhookReplay } from "./routes/webhook-replay.ts";
import { registerIntercomWebhook } from "./routes/webhooks-intercom.ts";

export function buildApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    // Cloudflare's ray id where there is one: the id an operator can look up in both places.
    const requestId = c.req.header("cf-ray") ?? crypto.randomUUID();
    c.set("requestId", requestId);
    // Log lines name the route pattern, never the path: paths carry user ids and emails.
    const services = createServices(c.env as Env, {
      get route() {
        return c.req.routePath;
      },
      method: c.req.method,
      request_id: requestId,
    });
    c.set("services", services);
    try {
      await next();
    } finally {
      c.executionCtx.waitUntil(services.close());
    }
  });
  app.use(inputGuard);
  registerHealth(app);
  registerHealthAdmin(app);
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
  registerSyncStart(app, "contacts");
  registerSyncStart(app, "conversations");
  registerSyncConversationOne(app);
  registerSyncRuns(app);
  registerCustomers(app);
  registerOutboxList(app);
  registerOutboxRetry(app);
  registerWebhookDeliveries(app);
  registerWebhookReplay(app);
  registerErasuresList(app);
  registerNoop(app);
  app.route("/dashboard", dashboardApp());
  app.notFound((c) =>
    problemResponse(
      new AppError("not_found", `no route for ${c.req.method} ${c.req.path}`),
      c.req.path,
    ),
  );
  app.onError((error, c) => {
    const appError = asAppError(error);
    if (appError.kind === "internal" || appError.kind === "configuration") {
      // Without services (the configuration failed to load) a bare logger still names the route.
      const logger = c.var.services?.logger ?? createLogger("error", { route: c.req.routePath });
      logger.error("request failed", { kind: appError.kind, error: appError.message });
    }
    return problemResponse(appError, c.req.path, c.var.requestId);
  });
  return app;
}
