import type { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import type { AppEnv } from "../app-env.ts";
import { contractDocument } from "../openapi.ts";

/**
 * `GET /openapi.json` (the contract) and `GET /docs` (Scalar's page for it, which loads its
 * script from a CDN). Both public: the document holds no secret, only shapes. Not in the
 * document themselves.
 */
export function registerDocs(app: OpenAPIHono<AppEnv>) {
  app.get("/openapi.json", (c) => c.json(contractDocument(app)));
  app.get("/docs", Scalar({ url: "/openapi.json", pageTitle: "intercom-bridge API" }));
}
