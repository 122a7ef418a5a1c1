import { IntercomError } from "./errors.ts";

/**
 * What a failed call tells us about whether Intercom acted on it. Only a write that Intercom
 * cannot recognise when it comes again (a note, a message) cares; for those the answer decides
 * between sending again and asking Intercom first.
 *
 * - `refused`: Intercom answered with a status that says it wrote nothing: any 4xx (a 429 is
 *   rejected before it is processed, a 400/404/409 after validation).
 * - `unsent`: the request never left: the breaker is open, the shared rate budget had no room
 *   in time, its time slot ran out before it could start, or the connection was never made
 *   (refused, no such host). Sending it again is sending it for the first time.
 * - `ambiguous`: it went out and no answer says what happened: a timeout after sending, a
 *   connection lost or reset, a body cut short, a 2xx we could not read, or any 5xx.
 *
 * Every 5xx is ambiguous. A 500 can come after the write was committed (a failure while
 * rendering the answer); a 502 or 504 comes from a proxy whose backend received the request
 * and may have finished it; a 503 is usually a front refusing work, but a load balancer also
 * answers 503 when the backend it forwarded to died mid-request, and Intercom promises nothing
 * either way. Asking Intercom costs one read; guessing wrong shows a customer the message twice.
 */
export type CallOutcome = "refused" | "unsent" | "ambiguous";

const UNSENT_CODES = new Set(["circuit_open", "not_sent", "connect_failed"]);

export function outcomeOf(error: unknown): CallOutcome {
  // Anything else was thrown around the call, not by it: nothing says it did not go out.
  if (!(error instanceof IntercomError)) return "ambiguous";
  if (UNSENT_CODES.has(error.code)) return "unsent";
  // Our own gate answers 429 too (its budget was spent before we sent): unsent either way.
  if (error.status >= 400 && error.status < 500) return "refused";
  return "ambiguous";
}

/**
 * Node reports a connection that was never made with the socket's error code. workerd does not:
 * a refused connection and one dropped after the request went out are the same
 * "Network connection lost.", so in the Worker both are ambiguous (a read settles it).
 */
const NOT_CONNECTED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
]);

export function neverConnected(cause: unknown): boolean {
  for (let at = cause, depth = 0; at && typeof at === "object" && depth < 4; depth++) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === "string" && NOT_CONNECTED.has(code)) return true;
    at = (at as { cause?: unknown }).cause;
  }
  return false;
}
