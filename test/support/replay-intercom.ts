import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for Intercom that answers with recorded bodies, byte for byte: the tests register
 * a scenario (its routes and their answers) under a bearer token, and every request carrying
 * that token is answered from it. Nothing is generated: what a client reads is what a real
 * Intercom answered (or a fixture of the same shape). Unknown routes get Intercom's 404.
 */
export interface ReplayRoute {
  method: string;
  /** The exact path, or a prefix ending in `*`. */
  path: string;
  /** For paged answers: the cursor the request must carry (`null`: the first page). */
  cursor?: string | null;
  status: number;
  body: string;
}

export interface ReplayedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
}

const NOT_FOUND = JSON.stringify({
  type: "error.list",
  request_id: "replay-not-found",
  errors: [{ code: "not_found", message: "Resource Not Found" }],
});

function cursorOf(query: URLSearchParams, body: unknown): string | null {
  const fromQuery = query.get("starting_after");
  if (fromQuery) return fromQuery;
  const pagination = (body as { pagination?: { starting_after?: unknown } } | null)?.pagination;
  return typeof pagination?.starting_after === "string" ? pagination.starting_after : null;
}

function matches(route: ReplayRoute, method: string, path: string, cursor: string | null) {
  if (route.method !== method) return false;
  const pathMatches = route.path.endsWith("*")
    ? path.startsWith(route.path.slice(0, -1))
    : route.path === path;
  if (!pathMatches) return false;
  return route.cursor === undefined || route.cursor === cursor;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface ReplayServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * `PUT /__replay/{token}` with `{routes}` registers a scenario; `GET /__replay/{token}` lists
 * the requests it answered. Rate-limit headers are Intercom's real ones (a whole-minute limit
 * counting down, reset a few seconds ahead), so the client's gate reads what it would in life.
 */
export async function startReplayIntercom(): Promise<ReplayServer> {
  const scenarios = new Map<string, ReplayRoute[]>();
  const requests = new Map<string, ReplayedRequest[]>();
  let remaining = 10_000;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://replay.local");
    const body = await readBody(req);
    const admin = /^\/__replay\/([^/]+)$/.exec(url.pathname);
    if (admin?.[1]) {
      const token = decodeURIComponent(admin[1]);
      if (req.method === "PUT") {
        scenarios.set(token, (body as { routes: ReplayRoute[] }).routes);
        requests.set(token, []);
        res.writeHead(204).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(requests.get(token) ?? []));
      return;
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const method = req.method ?? "GET";
    const cursor = cursorOf(url.searchParams, body);
    const route = scenarios.get(token)?.find((r) => matches(r, method, url.pathname, cursor));
    const status = route?.status ?? 404;
    requests.get(token)?.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      status,
    });
    remaining = remaining > 1 ? remaining - 1 : 10_000;
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "x-ratelimit-limit": "10000",
      "x-ratelimit-remaining": String(remaining),
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 10),
      "x-request-id": `replay-${Math.random().toString(36).slice(2, 10)}`,
    });
    res.end(route?.body ?? NOT_FOUND);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
