import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import {
  DEFAULT_KNOBS,
  drawFault,
  type KnobPatch,
  RateWindow,
  type SandboxKnobs,
} from "./faults.ts";
import {
  compileTemplate,
  errorList,
  type Route,
  type RouteContext,
  type SandboxResponse,
} from "./http-kit.ts";
import { loseReply, losesReplyTo } from "./lost-replies.ts";
import type { Workspace } from "./model.ts";
import { mutate } from "./mutate.ts";
import { hexId, prng } from "./prng.ts";
import { activityRoutes } from "./routes-activity.ts";
import { companyRoutes } from "./routes-companies.ts";
import { companyScrollRoutes } from "./routes-company-scroll.ts";
import { contactCompanyRoutes } from "./routes-contact-companies.ts";
import { contactRoutes } from "./routes-contacts.ts";
import { conversationRoutes } from "./routes-conversations.ts";
import { dataAttributeRoutes } from "./routes-data-attributes.ts";
import { noteRoutes } from "./routes-notes.ts";
import { tagRoutes } from "./routes-tags.ts";
import { type SeedSizes, seedWorkspace } from "./seed.ts";
import { acceptsVersion } from "./versions.ts";
import { type Notification, type WebhookTarget, webhookEmitter } from "./webhooks-out.ts";

export type { Notification, SandboxKnobs };

export interface SandboxOptions {
  port?: number;
  host?: string;
  token?: string;
  seed?: number;
  sizes?: Partial<SeedSizes>;
  knobs?: KnobPatch;
  webhooks?: WebhookTarget;
  /** Receives each notification instead of posting it (the soak delivers them itself). */
  captureWebhooks?: (notification: Notification) => void;
  /** Unix seconds the seeded data is dated from (default: today's UTC midnight). */
  epoch?: number;
  /** The workspace id (`app_id`, `GET /me`'s `app.id_code`); seeded when not given. */
  appId?: string;
}

export interface RecordedRequest {
  /** Increases by one per request for the sandbox's lifetime (reset() keeps counting). */
  seq: number;
  at: number;
  method: string;
  path: string;
  /** The OpenAPI path template that matched, e.g. `/contacts/{id}`. */
  route: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  status: number;
  responseHeaders: Record<string, string>;
}

export interface Sandbox {
  url: string;
  port: number;
  knobs(): SandboxKnobs;
  setKnobs(patch: KnobPatch): void;
  stats(): {
    requests: number;
    byRoute: Record<string, number>;
    status429: number;
    status5xx: number;
    /** Most requests open at once, and their summed open time: mean concurrency = busyMs / wall. */
    maxInFlight: number;
    busyMs: number;
  };
  requests(): RecordedRequest[];
  /** The data itself, read-only by convention: the soak derives the expected state from it. */
  workspace(): Workspace;
  /** The sandbox's clock (unix seconds): the wall clock plus the `clockOffsetSeconds` knob. */
  now(): number;
  reset(): void;
  stop(): Promise<void>;
}

const ROUTES: Array<Route & { pattern: RegExp }> = [
  ...contactRoutes,
  ...tagRoutes,
  ...noteRoutes,
  ...activityRoutes,
  ...conversationRoutes,
  // The scroll before `/companies/{id}`: the first route that matches answers.
  ...companyScrollRoutes,
  ...companyRoutes,
  ...contactCompanyRoutes,
  ...dataAttributeRoutes,
].map((r) => ({ ...r, pattern: compileTemplate(r.template) }));
const RECORD_LIMIT = 1000;

function match(method: string, path: string) {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m) return { route, params: { ...(m.groups ?? {}) } };
  }
  return null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The local Intercom: see docs/sandbox.md "Intercom sandbox" for what it implements and its knobs. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const token = options.token ?? "local-intercom-token";
  const ws = seedWorkspace(options.seed ?? 1, options.sizes, options.epoch);
  if (options.appId) ws.appId = options.appId;
  let knobs: SandboxKnobs = {
    ...DEFAULT_KNOBS,
    ...options.knobs,
    faults: { ...DEFAULT_KNOBS.faults, ...options.knobs?.faults },
  };
  const window = new RateWindow();
  const random = prng((options.seed ?? 1) ^ 0xfa17);
  const idRandom = prng((options.seed ?? 1) ^ 0x1d);
  let recorded: RecordedRequest[] = [];
  let sequence = 0;
  const stats = {
    requests: 0,
    byRoute: {} as Record<string, number>,
    status429: 0,
    status5xx: 0,
    maxInFlight: 0,
    busyMs: 0,
  };
  let inFlight = 0;
  const sockets = new Set<Socket>();
  const ctx: RouteContext = {
    ws,
    now: () => Math.floor(Date.now() / 1000) + knobs.clockOffsetSeconds,
    emit: (() => {
      const send = webhookEmitter(options.webhooks, ws.appId, options.captureWebhooks);
      // Every change emits; that is also when cached search results go stale.
      return (topic: string, item: unknown) => {
        ws.version += 1;
        send(topic, item, ctx.now());
      };
    })(),
    newId: () => hexId(idRandom),
    get searchDelaySeconds() {
      return knobs.searchDelaySeconds;
    },
    knobs: () => knobs,
    scrollRandom: prng((options.seed ?? 1) ^ 0x5c),
    origin: "",
  };

  const send = (res: ServerResponse, out: SandboxResponse, headers: Record<string, string>) => {
    const body = out.body === undefined ? "" : JSON.stringify(out.body);
    res.writeHead(out.status, {
      ...headers,
      ...(out.body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }),
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  };

  const control = (url: URL, method: string, body: unknown): SandboxResponse => {
    const path = url.pathname;
    const command = (body ?? {}) as Record<string, unknown>;
    if (path === "/__sandbox/knobs" && method === "GET") return { status: 200, body: knobs };
    if (path === "/__sandbox/knobs" && method === "PATCH") {
      sandbox.setKnobs(command as KnobPatch);
      return { status: 200, body: knobs };
    }
    if (path === "/__sandbox/stats") return { status: 200, body: sandbox.stats() };
    if (path === "/__sandbox/requests") {
      // `?since=N`: only what arrived after request N, so a test can look at its own calls.
      const since = Number(url.searchParams.get("since") ?? 0) || 0;
      return { status: 200, body: recorded.filter((r) => r.seq > since) };
    }
    if (path === "/__sandbox/reset" && method === "POST") {
      sandbox.reset();
      return { status: 204 };
    }
    if (path === "/__sandbox/mutate" && method === "POST")
      return { status: 200, body: mutate(ctx, command, random) };
    return errorList(404, "not_found", "unknown sandbox control route");
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const method = req.method ?? "GET";
    const text = await readBody(req);
    let body: unknown = null;
    let badJson = false;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        badJson = true;
      }
    }
    if (url.pathname.startsWith("/__sandbox/")) return send(res, control(url, method, body), {});
    const matched = match(method, url.pathname);
    const routeName = `${method} ${matched?.route.template ?? url.pathname}`;
    const record = (status: number, responseHeaders: Record<string, string>) => {
      stats.requests += 1;
      stats.byRoute[routeName] = (stats.byRoute[routeName] ?? 0) + 1;
      if (status === 429) stats.status429 += 1;
      if (status >= 500) stats.status5xx += 1;
      recorded.push({
        seq: ++sequence,
        at: Date.now(),
        method,
        path: url.pathname,
        route: matched?.route.template ?? url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: text ? body : undefined,
        status,
        responseHeaders: Object.fromEntries(
          Object.entries(responseHeaders).map(([k, v]) => [k.toLowerCase(), v]),
        ),
      });
      if (recorded.length > RECORD_LIMIT) recorded = recorded.slice(-RECORD_LIMIT);
    };
    const arrived = Date.now();
    inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    const reply = async (out: SandboxResponse, headers: Record<string, string> = {}) => {
      record(out.status, headers);
      const wait = knobs.latencyMs - (Date.now() - arrived);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      // Its own clock, as Intercom's `Date` agrees with its `created_at`s.
      const date = new Date(ctx.now() * 1000).toUTCString();
      send(res, out, { "x-request-id": crypto.randomUUID(), date, ...headers });
      inFlight -= 1;
      stats.busyMs += Date.now() - arrived;
    };

    if (req.headers.authorization !== `Bearer ${token}`) {
      return reply(errorList(401, "token_unauthorized", "Not authorized to access resource"));
    }
    if (!acceptsVersion(req.headers["intercom-version"])) {
      return reply(
        errorList(400, "intercom_version_invalid", "The requested version could not be found"),
      );
    }
    const limit = window.take(knobs.rateLimitPerMinute, arrived);
    if (!limit.allowed)
      return reply(errorList(429, "rate_limit_exceeded", "Rate Limit Exceeded"), limit.headers);
    const fault = drawFault(knobs, random);
    if (fault === "429") {
      return reply(errorList(429, "rate_limit_exceeded", "Rate Limit Exceeded"), {
        ...limit.headers,
        "X-RateLimit-Remaining": "0",
      });
    }
    if (fault === "5xx") {
      const status = [500, 502, 503][Math.floor(random() * 3)] ?? 500;
      return reply(errorList(status, "server_error", "Server Error"), limit.headers);
    }
    if (fault === "timeout") {
      inFlight -= 1;
      record(0, {});
      return; // Never answers; the socket is closed on stop or by the client.
    }
    if (badJson)
      return reply(errorList(400, "parameter_invalid", "Invalid JSON body"), limit.headers);
    if (!matched) return reply(errorList(404, "not_found", "Resource Not Found"), limit.headers);
    if (knobs.planRestricted.includes(routeName))
      return reply(
        errorList(403, "api_plan_restricted", "Active subscription needed."),
        limit.headers,
      );
    const out = matched.route.handler(
      { method, path: url.pathname, query: url.searchParams, body, params: matched.params },
      ctx,
    );
    if (fault === "lost" && losesReplyTo(method, url.pathname)) {
      inFlight -= 1;
      record(0, {});
      return loseReply(res);
    }
    if (fault === "truncated") {
      inFlight -= 1;
      record(out.status, limit.headers);
      const full = JSON.stringify(out.body ?? {});
      res.writeHead(out.status, {
        ...limit.headers,
        "content-type": "application/json",
        "content-length": Buffer.byteLength(full),
      });
      res.write(full.slice(0, Math.floor(full.length / 2)));
      res.socket?.destroy();
      return;
    }
    return reply(out, limit.headers);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, errorList(500, "server_error", String(error)), {});
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  ctx.origin = `http://${options.host ?? "127.0.0.1"}:${port}`;

  const sandbox: Sandbox = {
    url: ctx.origin,
    port,
    knobs: () => knobs,
    setKnobs(patch) {
      knobs = { ...knobs, ...patch, faults: { ...knobs.faults, ...patch.faults } };
    },
    stats: () => ({ ...stats, byRoute: { ...stats.byRoute } }),
    requests: () => [...recorded],
    workspace: () => ws,
    now: () => ctx.now(),
    reset() {
      recorded = [];
      stats.requests = 0;
      stats.byRoute = {};
      stats.status429 = 0;
      stats.status5xx = 0;
      stats.maxInFlight = 0;
      stats.busyMs = 0;
      window.reset();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return sandbox;
}
