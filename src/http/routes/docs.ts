import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env.ts";
import { docsApp } from "../docs/app.ts";
import { contractDocument } from "../openapi.ts";

/**
 * `GET /openapi.json` (the contract) and `/docs` (an interactive page for it, served wholly
 * from this Worker: src/http/docs/). Both public: the document holds no secret, only shapes.
 * Not in the document themselves.
 */
export function registerDocs(app: OpenAPIHono<AppEnv>) {
  app.get("/openapi.json", (c) => c.json(contractDocument(app)));
  app.route("/docs", docsApp());
}
