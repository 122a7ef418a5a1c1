import type { Context, Hono } from "hono";
// Text modules (wrangler.toml [[rules]]): the files' contents, as strings.
import APP_CSS from "../assets/app.css";
import APP_JS from "../assets/app.js";
import type { DashboardEnv } from "../env.ts";

const serve = (body: string, type: string) => (c: Context<DashboardEnv>) =>
  c.body(body, 200, { "content-type": type, "cache-control": "public, max-age=300" });

/** The stylesheet and the script: no data in them, so no session needed. */
export function registerAssets(dash: Hono<DashboardEnv>) {
  dash.get("/app.css", serve(APP_CSS, "text/css; charset=utf-8"));
  dash.get("/app.js", serve(APP_JS, "text/javascript; charset=utf-8"));
}
