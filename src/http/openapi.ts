import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./app-env.ts";

type Document = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;

const INFO = {
  title: "intercom-bridge",
  version: "1.0.0",
  description:
    "Between a SaaS product and Intercom: webhooks in, writes out through an outbox, synced contacts and conversations, customer records. Every error is `application/problem+json` (RFC 9457). Lists page with `cursor` and `limit`; the answer's `next_cursor` is the next page's cursor (null on the last).",
};

let cached: Document | undefined;

/**
 * The contract, generated from the routes' own schemas. Built once per isolate: the routes
 * cannot change while it runs.
 */
export function contractDocument(app: OpenAPIHono<AppEnv>): Document {
  if (!cached) {
    app.openAPIRegistry.registerComponent("securitySchemes", "adminKey", {
      type: "http",
      scheme: "bearer",
      description: "`Authorization: Bearer <ADMIN_API_KEY>`",
    });
    app.openAPIRegistry.registerComponent("securitySchemes", "messengerJwt", {
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
      description:
        "The Messenger security JWT (HS256, `user_id` and `exp`) the page gives Intercom",
    });
    cached = app.getOpenAPI31Document({ openapi: "3.1.0", info: INFO });
  }
  return cached;
}
