import type { z } from "@hono/zod-openapi";
import { type ClientResponse, hc } from "hono/client";
import type { SuccessStatusCode } from "hono/utils/http-status";
import type { AppType } from "../../src/http/app.ts";
import type { Problem } from "../../src/http/schemas/common.ts";
import type { Target } from "./config.ts";
import { safeText, safeValue } from "./safe-text.ts";

/**
 * The service's own contract as a client (`hc<AppType>`, src/http/app.ts): paths, parameters,
 * bodies and answers are the routes' zod schemas, so no wire type is written out here and a
 * change of the API is a type error in the command that uses it.
 */
export type Client = ReturnType<typeof hc<AppType>>;

/** Whatever a call of the client resolves to: its answers, one per status. */
type Answer = ClientResponse<unknown, number, string>;

/** The JSON of an answer's 2xx statuses. */
export type Ok<R> =
  R extends ClientResponse<infer T, infer S, "json">
    ? S extends SuccessStatusCode
      ? T
      : never
    : never;

/** The JSON of the statuses `S` of an answer. */
export type Body<R, S extends number> =
  R extends ClientResponse<infer T, infer U, "json"> ? (U extends S ? T : never) : never;

/** One row of a paged list's 2xx answer. */
export type Row<R> = Ok<R> extends { data: Array<infer I> } ? I : never;

/** An answer other than 2xx, or no answer at all (status 0). */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Every HTTP call the CLI makes goes through here. Lists page with `cursor` + `limit` and
 * answer `next_cursor` (null at the end). Every answer is parsed from text and made safe for a
 * terminal (safe-text.ts) before anything reads it: its types come from the contract, its
 * strings from a service that may not be ours.
 */
export function createApi(target: Target) {
  const client: Client = hc<AppType>(target.baseUrl, {
    headers: { authorization: `Bearer ${target.adminKey}`, accept: "application/json" },
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      // One conversation with its parts can take a while; nothing else should.
      fetch(input, { ...init, signal: AbortSignal.timeout(120_000) }).catch((error: unknown) => {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const why = cause?.code ?? cause?.message ?? String(error);
        throw new ApiError(
          0,
          `could not reach ${target.baseUrl}: ${why} (is the service running?)`,
        );
      }),
  });
  const read = async (res: Answer) => {
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? safeValue(JSON.parse(text)) : {};
    } catch {}
    return { status: res.status, text, body };
  };
  const ok = async <R extends Answer>(request: (c: Client) => Promise<R>): Promise<Ok<R>> => {
    const { status, text, body } = await read(await request(client));
    if (status < 200 || status > 299) throw new ApiError(status, describeProblem(status, text));
    if (body === null) throw new ApiError(status, `${status} answered with no JSON`);
    return body as Ok<R>;
  };
  return {
    baseUrl: target.baseUrl,
    /** A 2xx answer's body; any other answer (or none) is an ApiError with the problem's text. */
    ok,
    /**
     * The answer's body when its status is one of `statuses` (a 503 health report is read
     * too), else null with the problem's text.
     */
    async answer<R extends Answer, const S extends number>(
      request: (c: Client) => Promise<R>,
      statuses: readonly S[],
    ): Promise<{ status: number; body: Body<R, S> | null; error: string }> {
      const { status, text, body } = await read(await request(client));
      const expected = (statuses as readonly number[]).includes(status);
      return {
        status,
        body: expected ? (body as Body<R, S> | null) : null,
        error: describeProblem(status, text),
      };
    },
    /** Up to `limit` rows of a list, following `next_cursor` where the route pages. */
    async list<R extends Answer>(
      page: (c: Client, query: { limit: string; cursor?: string }) => Promise<R>,
      limit: number,
    ): Promise<Array<Row<R>>> {
      const rows: Array<Row<R>> = [];
      let cursor: string | undefined;
      do {
        const query = { limit: String(limit - rows.length), ...(cursor ? { cursor } : {}) };
        const answer = (await ok((c) => page(c, query))) as {
          data: Array<Row<R>>;
          next_cursor?: string | null;
        };
        rows.push(...answer.data);
        cursor = answer.next_cursor ?? undefined;
      } while (cursor && rows.length < limit);
      return rows;
    },
  };
}

export type Api = ReturnType<typeof createApi>;

/** A path parameter as the client puts it in the URL (it does not encode them itself). */
export const param = (value: string) => encodeURIComponent(value);

function describeProblem(status: number, text: string): string {
  // The contract's problem+json, read loosely: a proxy in front of the service answers others.
  let problem: Partial<z.infer<typeof Problem>> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object") problem = parsed as typeof problem;
  } catch {}
  const fields = (problem.errors ?? []).map((e) => `${e.field} ${e.message}`).join("; ");
  const what = problem.detail ?? problem.title ?? (text.slice(0, 200) || "no body");
  return safeText(`${status} ${what}${fields ? ` (${fields})` : ""}`);
}
