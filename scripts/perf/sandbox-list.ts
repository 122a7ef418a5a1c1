import type { Sandbox } from "../sandbox/server.ts";
import { SANDBOX_TOKEN } from "./stack.ts";

/**
 * Every item of one of the sandbox's paged lists, read over REST as Intercom renders it: what
 * a benchmark compares the stored rows with. Its rate limit and latency are lifted while it
 * reads (this reading is not what is measured), then put back.
 */
export async function sandboxList<T>(
  sandbox: Sandbox,
  path: "/contacts" | "/conversations",
  key: "data" | "conversations",
): Promise<T[]> {
  const { rateLimitPerMinute, latencyMs } = sandbox.knobs();
  sandbox.setKnobs({ rateLimitPerMinute: 1_000_000, latencyMs: 0 });
  try {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const url = new URL(path, sandbox.url);
      url.searchParams.set("per_page", "150");
      if (cursor) url.searchParams.set("starting_after", cursor);
      const res = await fetch(url, {
        headers: { authorization: `Bearer ${SANDBOX_TOKEN}`, "intercom-version": "2.16" },
      });
      const page = (await res.json()) as Record<string, unknown> & {
        pages?: { next?: { starting_after?: string } | null };
      };
      items.push(...((page[key] ?? []) as T[]));
      cursor = page.pages?.next?.starting_after;
    } while (cursor);
    return items;
  } finally {
    sandbox.setKnobs({ rateLimitPerMinute, latencyMs });
  }
}
