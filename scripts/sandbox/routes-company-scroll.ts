import { errorList, ok, type Route, type RouteContext } from "./http-kit.ts";
import type { ScrollRecord } from "./model.ts";
import { renderCompany } from "./render-company.ts";

/**
 * `GET /companies/scroll`, with the quirks Intercom documents and its users report:
 *
 * - 100 companies a page: Intercom's reference ("use the scroll.next method to get 100
 *   companies with each request") and Airbyte's "2 pages (200 records)" (airbytehq/airbyte#69151).
 * - One open scroll per workspace: opening another while one lives answers 400 `scroll_exists`
 *   "scroll already exists for this workspace" (the body Airbyte logged, airbytehq/airbyte#8395;
 *   intercom/intercom-ruby#292 and #474).
 * - Unused for about a minute (the `scrollExpirySeconds` knob), it expires: its param then
 *   answers 404 `not_found` (the code hull-connectors branches on for an expired scroll; 404 is
 *   what Airbyte saw, airbytehq/airbyte#9339), and a new scroll may open.
 * - The end is a page with empty `data`; the param then expires (404 after it).
 * - The same `scroll_param` on every page (airbytehq/airbyte#69151; knob `scrollParam`).
 * - `pages` and `total_count` are null, as in the 2.16 example.
 * - Fault `scrollNetworkErrorRate`: the documented 500 "Request failed due to an internal network
 *   error. Please restart the scroll operation." The scroll cannot go on, yet keeps the
 *   workspace's lock until it expires, as users restarting at once found (intercom-ruby#292).
 * - Fault `scrollRunaway`: pages from the start again instead of the end (`restart`), or the
 *   same page forever (`repeat`), never an empty page: what a client's guard must stop.
 *
 * Chosen where nothing says: the scroll walks every company, people or not (the lists leave
 * the empty ones out, the scroll is "all companies"), in creation order, as they were when it
 * opened (deleted ones are skipped).
 */
export const SCROLL_PAGE_SIZE = 100;

const nowMs = (ctx: RouteContext) => Date.now() + ctx.knobs().clockOffsetSeconds * 1000;

const scrollPage = (ctx: RouteContext, scroll: ScrollRecord) => {
  const runaway = ctx.knobs().faults.scrollRunaway;
  if (runaway === "restart" && scroll.position >= scroll.ids.length) scroll.position = 0;
  const ids = scroll.ids.slice(scroll.position, scroll.position + SCROLL_PAGE_SIZE);
  if (runaway !== "repeat") scroll.position += SCROLL_PAGE_SIZE;
  const data = ids.flatMap((id) => {
    const co = ctx.ws.companies.get(id);
    return co ? [renderCompany(ctx.ws, co)] : [];
  });
  // The empty page is the end: the param expires with it (its lock too).
  if (ids.length === 0) ctx.ws.companyScroll = null;
  if (ctx.knobs().scrollParam === "new" && ids.length > 0) scroll.param = crypto.randomUUID();
  return ok({
    type: "list",
    data,
    pages: null,
    total_count: null,
    scroll_param: scroll.param,
  });
};

export const companyScrollRoutes: Route[] = [
  {
    method: "GET",
    template: "/companies/scroll",
    handler: (req, ctx) => {
      const ws = ctx.ws;
      const now = nowMs(ctx);
      const open = ws.companyScroll;
      if (open && now - open.lastUsedMs > ctx.knobs().scrollExpirySeconds * 1000)
        ws.companyScroll = null;
      const param = req.query.get("scroll_param");
      const scroll = ws.companyScroll;
      if (param === null || param === "") {
        if (scroll)
          return errorList(400, "scroll_exists", "scroll already exists for this workspace");
        const opened: ScrollRecord = {
          param: crypto.randomUUID(),
          ids: [...ws.companyOrder],
          position: 0,
          lastUsedMs: now,
          broken: false,
        };
        ws.companyScroll = opened;
        return scrollPage(ctx, opened);
      }
      if (!scroll || scroll.param !== param || scroll.broken)
        return errorList(404, "not_found", "scroll parameter not found");
      if (ctx.scrollRandom() < ctx.knobs().faults.scrollNetworkErrorRate) {
        scroll.broken = true;
        return errorList(
          500,
          "server_error",
          "Request failed due to an internal network error. Please restart the scroll operation.",
        );
      }
      scroll.lastUsedMs = now;
      return scrollPage(ctx, scroll);
    },
  },
];
