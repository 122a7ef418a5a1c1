import type { ServerResponse } from "node:http";

/**
 * The `faults.lostReplyRate` fault: Intercom applied the write, and its answer never reaches
 * the client. Reads are left alone (losing one is a timeout, which `timeoutRate` already is),
 * and so are searches and `POST /companies/list`, which are reads sent as POST.
 */
export const losesReplyTo = (method: string, path: string) =>
  method !== "GET" && !path.endsWith("/search") && path !== "/companies/list";

/**
 * The connection is closed without a byte of the answer, after the write was applied: what a
 * client sees when a proxy or load balancer drops the connection on the way back (a reset,
 * "connection lost"). It is the same uncertainty as a timeout after sending, without making
 * every test wait out the client's timeout: the client cannot tell whether the write landed.
 */
export function loseReply(res: ServerResponse) {
  res.socket?.destroy();
}
