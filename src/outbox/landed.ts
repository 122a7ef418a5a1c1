import type { IntercomClient } from "../intercom/client.ts";
import type { LandedItem } from "../intercom/operations/landed.ts";
import { plainText } from "../shared/plain-text.ts";
import type { WriteGuard } from "./attempt.ts";

/*
 * Settling a row whose earlier send may have reached Intercom unseen (status `unsure`): before
 * sending again, look for the write in what Intercom shows. Found: the row is delivered with
 * the id Intercom gave it. Not found: it never landed, and is sent again.
 *
 * A match has the same text (Intercom stores bodies as HTML: `hi` comes back `<p>hi</p>`), the
 * same author when the row names one, and was not already claimed by another row delivered
 * with that id: two rows may carry the same body for the same contact, and each must own a
 * note of its own. Of several matches the oldest is taken. Claims are what keeps an earlier
 * identical note out; the time bound only has to reach past them: a match was created no
 * earlier than a day before the first unsure send, on Intercom's clock (its `Date` header
 * says how far it is from ours, and its timestamps are on it), so a clock that moved or
 * skewed by hours cannot hide a note that did land. Outbox rows, and so their claims, are kept
 * 30 days by default (RETENTION_DAYS_OUTBOX).
 */

/** How far before the first unsure send (on Intercom's clock) a match may have been created. */
const SLACK_SECONDS = 86_400;
/** Notes are listed newest first; a contact with more new notes than this is not realistic. */
const MAX_NOTE_PAGES = 10;
const MAX_CONVERSATION_PAGES = 4;

/** Text as a reader sees it: the one HTML-to-text rule, whitespace collapsed to compare. */
function visibleText(html: string): string {
  return (plainText(html) ?? "").replace(/\s+/g, " ").trim();
}

interface Wanted {
  body: string;
  authorId: string | undefined;
  since: Date;
}

/** The earliest `created_at` a match may have: the first unsure send on Intercom's clock. */
const earliest = (client: IntercomClient, since: Date) =>
  Math.floor((since.getTime() + (client.clockSkewMs() ?? 0)) / 1000) - SLACK_SECONDS;

function matches(item: Omit<LandedItem, "id">, wanted: Wanted, text: string, from: number) {
  return (
    item.createdAt !== null &&
    item.createdAt >= from &&
    (!wanted.authorId || item.authorId === wanted.authorId) &&
    visibleText(item.body) === text
  );
}

async function unclaimedOldest(
  found: LandedItem[],
  field: "note_id" | "message_id",
  guard: WriteGuard,
  since: Date,
): Promise<LandedItem | null> {
  if (found.length === 0) return null;
  // Claims by rows delivered since the window opened; on our clock, with the same slack.
  const claimed = await guard.claimed(
    field,
    found.map((f) => f.id),
    new Date(since.getTime() - SLACK_SECONDS * 1000),
  );
  const free = found.filter((f) => !claimed.has(f.id));
  free.sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
  return free[0] ?? null;
}

/** The note this row sent, if Intercom has it. */
export async function landedNote(
  client: IntercomClient,
  contactId: string,
  wanted: Wanted,
  guard: WriteGuard,
): Promise<string | null> {
  const text = visibleText(wanted.body);
  const found: LandedItem[] = [];
  for (let page = 1; page <= MAX_NOTE_PAGES; page++) {
    const { items, hasMore } = await client.contactNotesPage(contactId, page);
    // After the answer: its `Date` header gives Intercom's clock.
    const from = earliest(client, wanted.since);
    found.push(...items.filter((n) => matches(n, wanted, text, from)));
    // Newest first: once a page reaches back before the first send, older pages cannot match.
    if (!hasMore || items.some((n) => n.createdAt !== null && n.createdAt < from)) break;
  }
  return (await unclaimedOldest(found, "note_id", guard, wanted.since))?.id ?? null;
}

/**
 * The message this row sent, if Intercom has it: an admin's message opens a conversation whose
 * source is the message, so the contact's conversations started since the first send are
 * searched. Intercom's search can trail a new conversation by a moment; the check runs after
 * the row's retry delay, not at once.
 */
export async function landedMessage(
  client: IntercomClient,
  contactId: string,
  wanted: Wanted,
  guard: WriteGuard,
): Promise<{ id: string; conversationId: string } | null> {
  const text = visibleText(wanted.body);
  const found: Array<LandedItem & { conversationId: string }> = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_CONVERSATION_PAGES; page++) {
    // The search asks for a day more than the window, as its clock was known before asking.
    const res = await client.conversationsStartedPage(
      contactId,
      earliest(client, wanted.since) - SLACK_SECONDS,
      cursor,
    );
    const from = earliest(client, wanted.since);
    found.push(...res.items.filter((c) => matches(c, wanted, text, from)));
    cursor = res.next;
    if (!cursor) break;
  }
  const message = await unclaimedOldest(found, "message_id", guard, wanted.since);
  return message ? (found.find((f) => f.id === message.id) ?? null) : null;
}

/** Tags are a set: the contact has the tag or it does not (names are case-insensitive). */
export async function hasTag(
  client: IntercomClient,
  contactId: string,
  tag: string,
): Promise<boolean> {
  const names = await client.contactTagNames(contactId);
  return names.some((n) => n.toLowerCase() === tag.toLowerCase());
}
