import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "../config/env.ts";
import { dashboardApp } from "../dashboard/app.ts";
import { createServices } from "../services.ts";
import { AppError, asAppError } from "../shared/errors.ts";
import { createLogger } from "../shared/logger.ts";
import type { AppEnv } from "./app-env.ts";
import { inputGuard } from "./input-guard.ts";
import { problemResponse } from "./problem.ts";
import { validationHook } from "./route-app.ts";
import { alertsList } from "./routes/alerts-list.ts";
import { auditList } from "./routes/audit-list.ts";
import { contactDelete } from "./routes/contact-delete.ts";
import { contactGet } from "./routes/contact-get.ts";
import { contactIdentify } from "./routes/contact-identify.ts";
import { contactNote } from "./routes/contact-note.ts";
import { contactTagAdd } from "./routes/contact-tag-add.ts";
import { contactTagRemove } from "./routes/contact-tag-remove.ts";
import { contactsSearch } from "./routes/contacts-search.ts";
import { conversationGet } from "./routes/conversation-get.ts";
import { customerLookup } from "./routes/customer-lookup.ts";
import { customersList } from "./routes/customers-list.ts";
import { registerDocs } from "./routes/docs.ts";
import { erasurePost } from "./routes/erasure-post.ts";
import { erasuresList } from "./routes/erasures-list.ts";
import { erasuresSearch } from "./routes/erasures-search.ts";
import { eventsPost } from "./routes/events-post.ts";
import { health } from "./routes/health.ts";
import { healthAdmin } from "./routes/health-admin.ts";
import { messageSend } from "./routes/message-send.ts";
import { noop } from "./routes/noop.ts";
import { notesPost } from "./routes/notes-post.ts";
import { outboxList } from "./routes/outbox-list.ts";
import { outboxRetry } from "./routes/outbox-retry.ts";
import { sessionsEnd } from "./routes/sessions-end.ts";
import { suppressionLift } from "./routes/suppression-lift.ts";
import { suppressionsList } from "./routes/suppressions-list.ts";
import { syncConversationOne } from "./routes/sync-conversation-one.ts";
import { syncRunGet } from "./routes/sync-run-get.ts";
import { syncRunsList } from "./routes/sync-runs-list.ts";
import { syncStart } from "./routes/sync-start.ts";
import { tagsPost } from "./routes/tags-post.ts";
import { tagsRemovePost } from "./routes/tags-remove-post.ts";
import { track } from "./routes/track.ts";
import { webhookDeliveries } from "./routes/webhook-deliveries.ts";
import { webhookDeliveryCounts } from "./routes/webhook-delivery-counts.ts";
import { webhookReplay } from "./routes/webhook-replay.ts";
import { webhookReplayBulk } from "./routes/webhook-replay-bulk.ts";
import { intercomWebhook } from "./routes/webhooks-intercom.ts";
import { securityHeaders } from "./security-headers.ts";

/**
 * Security headers (outermost, so errors get them too), request id, per-request services
 * (closed after the response), and the input guard.
 */
function base() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use(securityHeaders);
  app.use(async (c, next) => {
    // Cloudflare's ray id where there is one: the id an operator can look up in both places.
    const requestId = c.req.header("cf-ray") ?? crypto.randomUUID();
    c.set("requestId", requestId);
    // Log lines name the route pattern, never the path: paths carry user ids and emails.
    const services = createServices(
      c.env as Env,
      {
        get route() {
          return c.req.routePath;
        },
        method: c.req.method,
        request_id: requestId,
      },
      () => `fetch:${c.req.method} ${c.req.routePath}`,
    );
    c.set("services", services);
    try {
      await next();
    } finally {
      c.executionCtx.waitUntil(services.close());
    }
  });
  app.use(inputGuard);
  return app;
}

/** Every route of the contract, in matching order; its type is the typed client's (`hc`). */
const routes = (app: OpenAPIHono<AppEnv>) =>
  app
    .route("/", health)
    .route("/", healthAdmin)
    .route("/", intercomWebhook)
    // Before GET /v1/contacts/{id}, so "identify" is never read as a contact id.
    .route("/", contactIdentify)
    .route("/", contactsSearch)
    .route("/", contactGet)
    .route("/", contactDelete)
    .route("/", contactTagAdd)
    .route("/", contactTagRemove)
    .route("/", contactNote)
    .route("/", notesPost)
    .route("/", tagsPost)
    .route("/", tagsRemovePost)
    .route("/", messageSend)
    .route("/", eventsPost)
    .route("/", track)
    .route("/", syncStart("contacts"))
    .route("/", syncStart("conversations"))
    .route("/", syncConversationOne)
    .route("/", conversationGet)
    .route("/", syncRunsList)
    .route("/", syncRunGet)
    .route("/", customersList)
    .route("/", customerLookup)
    .route("/", alertsList)
    .route("/", outboxList)
    .route("/", outboxRetry)
    .route("/", webhookDeliveries)
    .route("/", webhookDeliveryCounts)
    .route("/", webhookReplay)
    .route("/", webhookReplayBulk)
    .route("/", erasuresList)
    .route("/", auditList)
    .route("/", sessionsEnd)
    .route("/", erasuresSearch)
    .route("/", erasurePost)
    .route("/", suppressionsList)
    .route("/", suppressionLift)
    .route("/", noop);

export type AppType = ReturnType<typeof routes>;

export function buildApp() {
  const app = base();
  const contract = routes(app);
  registerDocs(app);
  // HTML for people, not part of the JSON contract (src/dashboard/).
  app.route("/dashboard", dashboardApp());
  // Problems name the route's pattern, never the path: paths carry user ids and emails.
  app.notFound((c) =>
    problemResponse(
      new AppError("not_found", `no route for ${c.req.method} at this path (see /openapi.json)`),
      c.req.routePath,
    ),
  );
  app.onError((error, c) => {
    const appError = asAppError(error);
    if (appError.kind === "internal" || appError.kind === "configuration") {
      // Without services (the configuration failed to load) a bare logger still names the route.
      const logger = c.var.services?.logger ?? createLogger("error", { route: c.req.routePath });
      logger.error("request failed", { kind: appError.kind, error: appError.message });
    }
    return problemResponse(appError, c.req.routePath, c.var.requestId);
  });
  return contract;
}
