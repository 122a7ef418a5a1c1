import { env } from "cloudflare:workers";
import { contractFetch } from "./contract.ts";
import { ADMIN_KEY, BASE } from "./webhooks.ts";

export function postAdmin(path: string, body: unknown, headers: Record<string, string> = {}) {
  return contractFetch(`${BASE}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${ADMIN_KEY}`,
      "content-type": "application/json",
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

export interface OutboxRowView {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  result: Record<string, unknown> | null;
}

export async function outboxRow(id: string): Promise<OutboxRowView | undefined> {
  const res = await contractFetch(`${BASE}/v1/outbox?limit=500`, {
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
  const rows = ((await res.json()) as { data: OutboxRowView[] }).data;
  return rows.find((r) => r.id === id);
}

/** Polls until the row leaves pending/failed (the real queue consumer delivers it). */
export async function settled(id: string, timeoutMs = 15_000): Promise<OutboxRowView | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await outboxRow(id);
    if ((row && (row.status === "delivered" || row.status === "dead")) || Date.now() > deadline)
      return row;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Asks the sandbox directly, as Intercom's API would answer. */
export async function intercomGet(path: string): Promise<Response> {
  return fetch(new URL(path, env.INTERCOM_API_BASE), {
    headers: { authorization: "Bearer local-intercom-token", "intercom-version": "2.16" },
  });
}
