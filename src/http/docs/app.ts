import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { AppError } from "../../shared/errors.ts";
import type { AppEnv } from "../app-env.ts";
import { DOCS_HTML, DOCS_INIT_JS } from "./page.ts";

/**
 * Everything from this origin. Scripts: files only, no inline script, no eval. Styles need
 * 'unsafe-inline': Scalar injects its stylesheet and some components' `<style>` elements at run
 * time and sets style attributes on code blocks. `img-src data:` for its inline icons;
 * `connect-src 'self'` for /openapi.json and "try it" requests to this API.
 */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

const headers = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  c.header("content-security-policy", DOCS_CSP);
  c.header("x-content-type-options", "nosniff");
  c.header("referrer-policy", "same-origin");
});

/**
 * `/docs`: the page, its start script, and the UI's files from the Worker's static assets
 * (`ASSETS`, wrangler.toml). The Worker runs first for every path, so these files are reachable
 * only here, with the headers above. Public: the contract holds shapes, no secret.
 */
export function docsApp(): Hono<AppEnv> {
  const docs = new Hono<AppEnv>();
  docs.use(headers);
  docs.get("/", (c) => c.html(DOCS_HTML, 200, { "cache-control": "no-cache" }));
  docs.get("/init.js", (c) =>
    c.body(DOCS_INIT_JS, 200, {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "no-cache",
    }),
  );
  docs.get("/scalar/*", async (c) => {
    // Conditional requests pass through, so the browser revalidates by ETag (304).
    const asset = await c.env.ASSETS.fetch(c.req.raw);
    if (asset.status === 404) throw new AppError("not_found", "no such file of the docs page");
    return new Response(asset.body, asset);
  });
  return docs;
}
