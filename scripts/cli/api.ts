import type { Target } from "./config.ts";
import { safeText, safeValue } from "./safe-text.ts";

/** RFC 9457 problem details as the service answers them (src/http/problem.ts). */
interface Problem {
  title?: string;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
}

/** An answer other than 2xx, or no answer at all (status 0). */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export type Query = Record<string, string | number | boolean | undefined>;

/**
 * Every HTTP call the CLI makes goes through here, so a change of the API's conventions
 * (paths, paging) is one place to adapt. Lists page with `cursor` + `limit` and answer
 * `next_cursor` (null at the end).
 */
export function createApi(target: Target) {
  const send = async (method: string, path: string, query: Query = {}, body?: unknown) => {
    const url = new URL(`${target.baseUrl}${path}`);
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(key, String(value));
    const res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${target.adminKey}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? null : JSON.stringify(body),
      // One conversation with its parts can take a while; nothing else should.
      signal: AbortSignal.timeout(120_000),
    }).catch((error: unknown) => {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? String(error);
      throw new ApiError(0, `could not reach ${target.baseUrl}: ${why} (is the service running?)`);
    });
    return { status: res.status, text: await res.text() };
  };
  // Whatever the service answers may reach a terminal: nothing in it may steer that terminal.
  const call = async <T>(method: string, path: string, query: Query = {}, body?: unknown) => {
    const { status, text } = await send(method, path, query, body);
    if (status < 200 || status > 299) throw new ApiError(status, describeProblem(status, text));
    return (text ? safeValue(JSON.parse(text)) : {}) as T;
  };
  return {
    baseUrl: target.baseUrl,
    get: <T>(path: string, query?: Query) => call<T>("GET", path, query),
    /** A GET whose non-2xx answers are read too (a 503 health report still has a body). */
    async answer<T>(path: string): Promise<{ status: number; body: T | null; error: string }> {
      const { status, text } = await send("GET", path);
      let body: T | null = null;
      try {
        body = safeValue(JSON.parse(text)) as T;
      } catch {}
      return { status, body, error: describeProblem(status, text) };
    },
    post: <T>(path: string, body: unknown = {}, query?: Query) =>
      call<T>("POST", path, query, body),
    /** Up to `limit` items of a list, following `next_cursor` where the route pages. */
    async list<T>(path: string, query: Query, limit: number): Promise<T[]> {
      const items: T[] = [];
      let cursor: string | undefined;
      do {
        const page = await call<{ data: T[]; next_cursor?: string | null }>("GET", path, {
          ...query,
          limit: limit - items.length,
          cursor,
        });
        items.push(...page.data);
        cursor = page.next_cursor ?? undefined;
      } while (cursor && items.length < limit);
      return items;
    },
  };
}

export type Api = ReturnType<typeof createApi>;

function describeProblem(status: number, text: string): string {
  let problem: Problem = {};
  try {
    problem = JSON.parse(text) as Problem;
  } catch {}
  const fields = (problem.errors ?? []).map((e) => `${e.field} ${e.message}`).join("; ");
  const what = problem.detail ?? problem.title ?? (text.slice(0, 200) || "no body");
  return safeText(`${status} ${what}${fields ? ` (${fields})` : ""}`);
}
