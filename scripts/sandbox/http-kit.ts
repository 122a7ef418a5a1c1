import type { SandboxKnobs } from "./faults.ts";
import type { Workspace } from "./model.ts";

export interface SandboxRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  params: Record<string, string>;
}

export interface SandboxResponse {
  status: number;
  /** undefined: empty body (Intercom's 202 for events). */
  body?: unknown;
}

export interface RouteContext {
  ws: Workspace;
  now: () => number;
  /** Data changed: emit the webhook Intercom would send for it. */
  emit: (topic: string, item: unknown) => void;
  newId: (prefix?: string) => string;
  /** How long a new contact stays out of search results. */
  searchDelaySeconds: number;
  /** The knobs as they are now (the company scroll reads its own). */
  knobs: () => SandboxKnobs;
  /** Draws for the company scroll's faults, apart from every other draw. */
  scrollRandom: () => number;
  /** The sandbox's own address: what page-numbered lists put in `pages.next`. */
  origin: string;
}

export type Handler = (req: SandboxRequest, ctx: RouteContext) => SandboxResponse;

export interface Route {
  method: string;
  /** The OpenAPI path template, e.g. `/contacts/{id}`. */
  template: string;
  handler: Handler;
}

/** Intercom's error body; `code` is what clients branch on. */
export function errorList(
  status: number,
  code: string,
  message: string,
  field?: string,
): SandboxResponse {
  return {
    status,
    body: {
      type: "error.list",
      request_id: crypto.randomUUID(),
      errors: [{ code, message, ...(field ? { field } : {}) }],
    },
  };
}

export const ok = (body: unknown, status = 200): SandboxResponse => ({ status, body });

export function compileTemplate(template: string): RegExp {
  const pattern = template.replace(/\{(\w+)\}/g, (_, name: string) => `(?<${name}>[^/]+)`);
  return new RegExp(`^${pattern}$`);
}

/** Cursor pages: opaque `starting_after` strings, at most 150 per page. */
export function paginate<T>(items: readonly T[], perPageRaw: unknown, cursor: string | null) {
  const perPage = Math.min(150, Math.max(1, Number(perPageRaw ?? 50) || 50));
  const offset = cursor ? Number(Buffer.from(cursor, "base64url").toString()) || 0 : 0;
  const page = items.slice(offset, offset + perPage);
  const nextOffset = offset + perPage;
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  return {
    page,
    pages: {
      type: "pages",
      page: Math.floor(offset / perPage) + 1,
      per_page: perPage,
      total_pages: totalPages,
      ...(nextOffset < items.length
        ? {
            next: {
              per_page: perPage,
              starting_after: Buffer.from(String(nextOffset)).toString("base64url"),
            },
          }
        : {}),
    },
  };
}

export function bodyObject(req: SandboxRequest): Record<string, unknown> {
  return req.body && typeof req.body === "object" && !Array.isArray(req.body)
    ? (req.body as Record<string, unknown>)
    : {};
}

/**
 * Page-numbered pages (companies, a contact's companies, a company's contacts): `page` from 1,
 * `per_page` up to `max`. `next` is the next page's URL (Intercom's page-numbered lists have
 * always given one) and null on the last page, as the 2.16 examples show; `total_pages` is 0
 * for nothing at all, as there too.
 */
export function numberedPage<T>(
  items: readonly T[],
  pageRaw: unknown,
  perPageRaw: unknown,
  options: { perPage: number; max: number; url: string },
) {
  const asked = Math.floor(Number(perPageRaw ?? options.perPage)) || options.perPage;
  const perPage = Math.min(options.max, Math.max(1, asked));
  const page = Math.max(1, Math.floor(Number(pageRaw ?? 1) || 1));
  const totalPages = Math.ceil(items.length / perPage);
  const separator = options.url.includes("?") ? "&" : "?";
  return {
    page: items.slice((page - 1) * perPage, page * perPage),
    perPage,
    pages: {
      type: "pages",
      next:
        page < totalPages ? `${options.url}${separator}per_page=${perPage}&page=${page + 1}` : null,
      page,
      per_page: perPage,
      total_pages: totalPages,
    },
  };
}
