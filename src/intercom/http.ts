import type { z } from "zod";
import { createSlots, INTERCOM_CONNECTIONS, type Slots } from "../shared/connections.ts";
import { backoffDelay, INTERCOM_CALL_BACKOFF } from "../shared/retry.ts";
import { IntercomError } from "./errors.ts";
import type { IntercomGate } from "./gate/gate.ts";
import { neverConnected, outcomeOf } from "./outcome.ts";
import { errorListSchema } from "./schemas/responses.ts";

export const INTERCOM_VERSION = "2.16";

export interface IntercomHttpOptions {
  baseUrl: string;
  token: string;
  gate: IntercomGate;
  /** Attempts for 5xx, timeouts, network errors and truncated bodies. */
  maxAttempts?: number;
  /** Waits for a 429's reset before giving up (each wait is one window, ~10 s at most). */
  maxRateLimitWaits?: number;
  timeoutMs?: number;
  baseDelayMs?: number;
  fetch?: typeof fetch;
  /**
   * The invocation's Intercom connections (src/shared/connections.ts), shared by all its
   * clients; without it the client keeps a share of its own.
   */
  connections?: Slots;
  /** Sees every response's status (0 for a transport failure): run counters, 429 counts. */
  observe?: (status: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** What the caller of a write decides about one call. */
export interface CallOptions {
  /**
   * Epoch ms by which the call must be over: no attempt starts after it, and none may run
   * past it (its timeout is cut to fit). The outbox's lease on a row ends just after it.
   */
  deadline?: number | undefined;
}

interface RequestSpec<T> extends CallOptions {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Null for endpoints that answer with an empty body (POST /events: 202). */
  schema: z.ZodType<T> | null;
  /**
   * Whether sending it twice does what sending it once does (reads, searches, upserts,
   * tagging, Intercom-deduped events). Only these are retried after a failure that may have
   * reached Intercom; the others (notes, messages) only when they were never sent
   * (src/intercom/outcome.ts). Default: every method but POST.
   */
  idempotent?: boolean;
  /** Told the length of a successful answer's text: what its caller will hold in memory. */
  answerSize?: (chars: number) => void;
}

export interface IntercomHttp {
  request<T>(spec: RequestSpec<T>): Promise<T>;
  /**
   * Intercom's clock less ours (ms), from the `Date` header of its latest answer; null before
   * any. Its timestamps (`created_at`) are on its clock, not ours.
   */
  clockSkewMs(): number | null;
}

const sleeper = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const headerNumber = (headers: Headers, name: string) => {
  const value = Number(headers.get(name));
  return headers.has(name) && Number.isFinite(value) ? value : null;
};

/** Less than this left before a call's deadline, and it is not started. */
const MIN_ATTEMPT_MS = 1_000;

/**
 * Plain fetch with auth, the pinned version, the shared gate (rate budget + breaker), bounded
 * retries with exponential backoff and full jitter for 5xx and transport failures, and waits
 * until X-RateLimit-Reset on 429. Other 4xx are never retried, and a write that is not
 * idempotent is never retried after it may have reached Intercom: the caller finds out.
 */
export function createIntercomHttp(options: IntercomHttpOptions): IntercomHttp {
  const maxAttempts = options.maxAttempts ?? 4;
  const maxWaits = options.maxRateLimitWaits ?? 6;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const callBackoff = {
    ...INTERCOM_CALL_BACKOFF,
    base: options.baseDelayMs ?? INTERCOM_CALL_BACKOFF.base,
  };
  const doFetch = options.fetch ?? fetch;
  const connections = options.connections ?? createSlots(INTERCOM_CONNECTIONS);
  const sleep = options.sleep ?? sleeper;
  const backoff = (attempt: number) => backoffDelay(attempt, callBackoff);
  let skewMs: number | null = null;

  async function request<T>(spec: RequestSpec<T>): Promise<T> {
    const url = new URL(spec.path, options.baseUrl);
    for (const [key, value] of Object.entries(spec.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value));
    const idempotent = spec.idempotent ?? spec.method !== "POST";
    const mayRetry = (error: IntercomError) => idempotent || outcomeOf(error) === "unsent";
    let attempt = 0;
    let waits = 0;
    for (;;) {
      // Checked before admission: a breaker trial admitted and never sent would stay in flight.
      if (spec.deadline !== undefined && spec.deadline - Date.now() < MIN_ATTEMPT_MS)
        throw notSent();
      const admission = await options.gate.admit();
      if (admission.kind === "open") {
        throw new IntercomError({
          status: 0,
          code: "circuit_open",
          message: "Intercom is failing; calls are paused",
          retryable: true,
          retryAt: new Date(admission.retryAt),
        });
      }
      if (admission.kind === "wait") {
        if (++waits > maxWaits) throw rateLimited(null, new Date(Date.now() + admission.ms));
        await sleep(admission.ms);
        continue;
      }
      attempt += 1;
      const trial = admission.trial;
      let res: Response;
      let text: string;
      // Parsed once, here: a body cut short is a transport failure (retried like one), and
      // the same value is what the schema reads.
      let json: unknown;
      try {
        // The timeout starts once a connection is ours: a call still waiting for one has not
        // been sent, and must not time out as if Intercom were slow. The slot is held until
        // the body is read.
        ({ res, text } = await connections.use(async () => {
          // Admission and the wait took a moment: the attempt ends by the deadline (the
          // lease's margin covers the floor).
          const left =
            spec.deadline === undefined ? timeoutMs : Math.max(100, spec.deadline - Date.now());
          const answer = await doFetch(url, {
            method: spec.method,
            headers: {
              authorization: `Bearer ${options.token}`,
              "intercom-version": INTERCOM_VERSION,
              accept: "application/json",
              ...(spec.body === undefined ? {} : { "content-type": "application/json" }),
            },
            body: spec.body === undefined ? null : JSON.stringify(spec.body),
            signal: AbortSignal.timeout(Math.min(timeoutMs, left)),
          });
          return { res: answer, text: await answer.text() };
        }));
        if (res.status < 300 && spec.schema && text.length > 0) json = JSON.parse(text);
      } catch (cause) {
        await options.gate.record({ status: 0, trial });
        options.observe?.(0);
        const failure = transportError(cause);
        if (attempt >= maxAttempts || !mayRetry(failure)) throw failure;
        await sleep(backoff(attempt));
        continue;
      }
      options.observe?.(res.status);
      const date = Date.parse(res.headers.get("date") ?? "");
      if (Number.isFinite(date)) skewMs = date - Date.now();
      const resetAt = headerNumber(res.headers, "x-ratelimit-reset");
      await options.gate.record({
        status: res.status,
        limitPerMinute: headerNumber(res.headers, "x-ratelimit-limit"),
        remaining: headerNumber(res.headers, "x-ratelimit-remaining"),
        resetAt,
        trial,
      });
      if (res.ok) {
        spec.answerSize?.(text.length);
        return parseBody(spec, res, json);
      }
      const error = errorFrom(res, text);
      if (res.status === 429) {
        if (++waits > maxWaits) throw error;
        const until = resetAt ? resetAt * 1000 : Date.now() + 10_000;
        // Not one request before the advertised reset (plus jitter so waiters spread out).
        await sleep(Math.max(0, until - Date.now()) + 20 + Math.floor(Math.random() * 200));
        attempt -= 1;
        continue;
      }
      if (error.retryable && attempt < maxAttempts && mayRetry(error)) {
        await sleep(backoff(attempt));
        continue;
      }
      throw error;
    }
  }
  return { request, clockSkewMs: () => skewMs };
}

function parseBody<T>(spec: RequestSpec<T>, res: Response, json: unknown): T {
  if (!spec.schema) return undefined as T;
  const parsed = spec.schema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new IntercomError({
    status: res.status,
    code: "unexpected_response",
    message: `${spec.method} ${spec.path} answered a shape we do not understand: ${parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".")}: ${i.message}`)
      .join("; ")}`,
    requestId: res.headers.get("x-request-id"),
    retryable: false,
  });
}

function errorFrom(res: Response, text: string): IntercomError {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {}
  const list = errorListSchema.safeParse(body);
  const first = list.success ? list.data.errors[0] : undefined;
  const retryable = res.status === 429 || res.status >= 500;
  return new IntercomError({
    status: res.status,
    code: first?.code ?? (res.status >= 500 ? "server_error" : `http_${res.status}`),
    message: first?.message ?? (text.slice(0, 200) || res.statusText),
    requestId: (list.success ? list.data.request_id : null) ?? res.headers.get("x-request-id"),
    retryable,
    retryAt: res.status === 429 ? resetDate(res) : null,
  });
}

function resetDate(res: Response): Date | null {
  const reset = headerNumber(res.headers, "x-ratelimit-reset");
  return reset ? new Date(reset * 1000) : null;
}

function rateLimited(requestId: string | null, retryAt: Date): IntercomError {
  return new IntercomError({
    status: 429,
    code: "rate_limit_exceeded",
    message: "the shared rate-limit budget is spent; try later",
    requestId,
    retryable: true,
    retryAt,
  });
}

function notSent(): IntercomError {
  return new IntercomError({
    status: 0,
    code: "not_sent",
    message: "not sent: its time slot ended before Intercom could be called",
    retryable: true,
  });
}

function transportError(cause: unknown): IntercomError {
  const name = cause instanceof Error ? cause.name : "";
  const timeout = name === "TimeoutError" || name === "AbortError";
  const truncated = cause instanceof SyntaxError;
  return new IntercomError({
    status: 0,
    code: timeout
      ? "timeout"
      : truncated
        ? "truncated_response"
        : neverConnected(cause)
          ? "connect_failed"
          : "network_error",
    message: cause instanceof Error ? cause.message : String(cause),
    retryable: true,
    cause,
  });
}
