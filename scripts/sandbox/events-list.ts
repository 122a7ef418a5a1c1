import type { ContactRecord, EventRecord, Workspace } from "./model.ts";

/** Intercom's summary timestamps are ISO strings with an explicit offset. */
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace("Z", "+00:00");

/**
 * GET /events in the 2.16 `event.summary` shape. With `summary=true` there is one item per
 * event name (first, last, count); without, one item per event, which also carries the
 * event's own fields (`event_name`, `created_at`, `metadata`) that clients of the older
 * `event.list` shape read.
 */
export function eventList(ws: Workspace, contact: ContactRecord, summary: boolean) {
  const events = ws.events
    .filter((e) => e.contactId === contact.id)
    .sort((a, b) => a.createdAt - b.createdAt);
  const items = summary
    ? summarise(events)
    : events.map((e) => ({
        type: "event",
        name: e.eventName,
        first: iso(e.createdAt),
        last: iso(e.createdAt),
        count: 1,
        event_name: e.eventName,
        created_at: e.createdAt,
        metadata: e.metadata,
      }));
  return {
    type: "event.summary",
    email: contact.email ?? "",
    intercom_user_id: contact.id,
    user_id: contact.externalId ?? "",
    events: items,
    pages: { type: "pages", next: null },
  };
}

function summarise(events: EventRecord[]) {
  const byName = new Map<string, { first: number; last: number; count: number }>();
  for (const e of events) {
    const s = byName.get(e.eventName);
    if (s) {
      s.last = e.createdAt;
      s.count += 1;
    } else byName.set(e.eventName, { first: e.createdAt, last: e.createdAt, count: 1 });
  }
  return [...byName].map(([name, s]) => ({
    name,
    first: iso(s.first),
    last: iso(s.last),
    count: s.count,
    description: "",
  }));
}
