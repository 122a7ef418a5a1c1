import type { ConversationPart, ConversationRead } from "../../conversations/read.ts";
import { Facts } from "./facts.tsx";
import { duration, num, time, yesNo } from "./format.ts";
import { Layout } from "./layout.tsx";

const dash = (value: string | null | undefined) => value || "–";

/** One stored conversation: what `GET /v1/conversations/{id}` answers, a page of parts at a time. */
export function conversationPage(props: {
  read: ConversationRead;
  parts: { data: readonly ConversationPart[]; next_cursor: string | null };
  /** Whether this page starts after the first part. */
  later: boolean;
  operator: string;
}) {
  const { read, parts } = props;
  const c = read.conversation;
  const here = `/dashboard/conversations/${encodeURIComponent(c.id)}`;
  const facts: Array<[string, string]> = [
    ["State", dash(c.state)],
    ["Priority", dash(c.priority)],
    ["Created", time(c.intercomCreatedAt)],
    ["Updated", time(c.intercomUpdatedAt)],
    ["Waiting since", time(c.waitingSince)],
    ["Snoozed until", time(c.snoozedUntil)],
    ["Last closed", time(c.lastClosedAt)],
    ["Admin", dash(c.adminAssigneeId)],
    ["Team", dash(c.teamAssigneeId)],
    ["Tags", read.tags.map((t) => t.name ?? t.id).join(", ") || "–"],
    ["First response", duration(c.firstResponseSeconds)],
    ["Time to close", duration(c.timeToCloseSeconds)],
    ["Reopens", num(c.reopens)],
    ["Rating", num(c.rating)],
    ["Parts stored", num(read.partsCount)],
    ["Parts in Intercom", num(c.partsTotal)],
    ["Truncated", yesNo(c.partsTruncated ?? false)],
  ];
  return (
    "<!doctype html>" +
    (
      <Layout title={`Conversation ${c.id} · intercom-bridge`} operator={props.operator}>
        <p>
          <a href="/dashboard#customers">← Dashboard</a>
        </p>
        <section class="card">
          <h1>{c.title || `Conversation ${c.id}`}</h1>
          <Facts facts={facts} />
          {c.partsTruncated ? (
            <p class="muted">
              Intercom returned only its latest 500 parts; older ones are not stored.
            </p>
          ) : null}
        </section>
        <section class="card">
          <h2>Contacts</h2>
          <ul class="plain">
            {read.contacts.map((k) => (
              <li>
                <code>{k.id}</code> {k.email ?? ""} {k.name ? `(${k.name})` : ""}
              </li>
            ))}
          </ul>
          {c.sourceBody ? (
            <>
              <h3>Opening message</h3>
              <p class="body">{c.sourceBody}</p>
            </>
          ) : null}
        </section>
        <section class="card" id="parts">
          <h2>Parts</h2>
          {parts.data.length === 0 ? (
            <p class="muted">No parts stored.</p>
          ) : (
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th>Created</th>
                    <th>Type</th>
                    <th>Author</th>
                    <th>Body</th>
                  </tr>
                </thead>
                <tbody>
                  {parts.data.map((p) => (
                    <tr data-part={p.id}>
                      <td>{time(p.createdAt)}</td>
                      <td>{dash(p.partType)}</td>
                      <td>
                        {dash(p.authorType)} <code>{p.authorId ?? ""}</code>
                      </td>
                      <td class="body">{p.redacted ? <em class="muted">redacted</em> : p.body}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p class="actions">
            {props.later ? <a href={`${here}#parts`}>First parts</a> : null}
            {parts.next_cursor ? (
              <a href={`${here}?cursor=${encodeURIComponent(parts.next_cursor)}#parts`}>
                Later parts →
              </a>
            ) : null}
          </p>
        </section>
      </Layout>
    )
  );
}
