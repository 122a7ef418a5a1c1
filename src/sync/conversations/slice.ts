import type { IntercomClient } from "../../intercom/client.ts";
import { IntercomError } from "../../intercom/errors.ts";
import type { IntercomConversationWithParts } from "../../intercom/operations/conversations.ts";

/** What one invocation of a part job fetched, and what it left for the next. */
interface PartSlice {
  fetched: IntercomConversationWithParts[];
  /** Deleted since the page listed them (404). */
  gone: string[];
  /** Characters of the answers held: the measure of the slice's memory. */
  chars: number;
  /** Not started: the budget was passed first. In the order they were asked for. */
  rest: string[];
}

interface SliceLimits {
  /** Characters of answers the slice may hold. */
  chars: number;
  /** Fetches under way at once. */
  atOnce: number;
}

/**
 * Fetches conversations with their parts, `atOnce` at a time. After the first answers a fetch
 * starts only while what is held, with the largest answer seen counted for each fetch under
 * way and the next, stays within `limits.chars`: a slice passes the budget only by answers
 * larger than any before them, or in its first round (whose parts the job's parts budget
 * bounds). A failure other than a 404 stops new fetches, lets those under way end (nothing is
 * left running), and is thrown.
 */
export async function fetchSlice(
  client: Pick<IntercomClient, "getConversationSized">,
  ids: readonly string[],
  limits: SliceLimits,
): Promise<PartSlice> {
  const waiting = [...ids];
  const fetched: IntercomConversationWithParts[] = [];
  const gone: string[] = [];
  let chars = 0;
  let largest = 0;
  let underWay = 0;
  const failures: unknown[] = [];
  const worker = async () => {
    for (let id = waiting.shift(); id !== undefined; id = waiting.shift()) {
      underWay += 1;
      try {
        const answer = await client.getConversationSized(id);
        fetched.push(answer.conversation);
        chars += answer.chars;
        largest = Math.max(largest, answer.chars);
      } catch (error) {
        // Deleted since the page listed it: the finish would find it too; do it now.
        if (error instanceof IntercomError && error.status === 404) gone.push(id);
        else failures.push(error);
      } finally {
        underWay -= 1;
      }
      if (failures.length > 0 || chars + (underWay + 1) * largest > limits.chars) return;
    }
  };
  const workers = Math.max(1, Math.min(limits.atOnce, waiting.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failures.length > 0) throw failures[0];
  return { fetched, gone, chars, rest: waiting };
}
