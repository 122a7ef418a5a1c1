import type { AppError, ErrorKind } from "../shared/errors.ts";

/** The one place where failures become HTTP statuses. Never 410: Intercom would unsubscribe. */
const STATUS: Record<ErrorKind, number> = {
  invalid_request: 400,
  unprocessable: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  erased: 409,
  payload_too_large: 413,
  rate_limited: 429,
  upstream_unavailable: 503,
  configuration: 500,
  internal: 500,
};

const TITLE: Record<ErrorKind, string> = {
  invalid_request: "Invalid request",
  unprocessable: "Unprocessable request",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  not_found: "Not found",
  conflict: "Conflict",
  erased: "Person erased",
  payload_too_large: "Payload too large",
  rate_limited: "Too many requests",
  upstream_unavailable: "Service unavailable",
  configuration: "Service misconfigured",
  internal: "Internal error",
};

/**
 * RFC 9457 problem details. Internal errors do not leak their message (not even its
 * value-free cause): the caller gets the request id, which the service's log line carries.
 */
export function problemResponse(error: AppError, instance: string, requestId?: string): Response {
  const status = STATUS[error.kind];
  const body = {
    type: `https://intercom-bridge.dev/problems/${error.kind.replaceAll("_", "-")}`,
    title: TITLE[error.kind],
    status,
    detail: error.kind === "internal" ? "unexpected error; see the service logs" : error.message,
    instance,
    retryable: error.retryable,
    ...(requestId ? { request_id: requestId } : {}),
    ...(error.problems.length > 0 ? { errors: error.problems } : {}),
    ...(error.candidates ? { candidates: error.candidates } : {}),
    ...(error.suppression ? { suppression: error.suppression } : {}),
  };
  const headers = new Headers({ "content-type": "application/problem+json" });
  if (error.retryAfterSeconds !== undefined)
    headers.set("retry-after", String(error.retryAfterSeconds));
  if (status === 401) headers.set("www-authenticate", 'Bearer realm="intercom-bridge"');
  return new Response(JSON.stringify(body), { status, headers });
}
