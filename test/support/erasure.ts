import { sql } from "drizzle-orm";
import {
  type SampleOptions,
  sampleConversation,
} from "../../scripts/sandbox/samples/notifications.ts";
import { writeFetchedConversations } from "../../src/conversations/fetched-write.ts";
import type { Database, Executor } from "../../src/db/client.ts";
import { alerts, customers } from "../../src/db/schema/index.ts";
import type { IntercomConversationWithParts } from "../../src/intercom/operations/conversations.ts";

/** A person with values found nowhere else in the shared test database. */
export function person() {
  const tag = crypto.randomUUID().slice(0, 8);
  return {
    contactId: `c${tag}${tag}`,
    userId: `u_${tag}`,
    email: `erin.${tag}@example.com`,
    name: `Erin Quill${tag}`,
    phrase: `please cancel my plan ${tag}`,
  };
}
export type Person = ReturnType<typeof person>;

/**
 * Every text, json(b) and array column of every table in our schema, searched as text for
 * each needle (case-insensitive): where personal data is left, as "table.column".
 */
export async function findEverywhere(db: Executor, needles: readonly string[]): Promise<string[]> {
  const columns = await db.execute<{ table_name: string; column_name: string }>(sql`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t
      on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and c.data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`);
  const found: string[] = [];
  for (const { table_name, column_name } of columns.rows) {
    const patterns = JSON.stringify(needles.map((n) => `%${n}%`));
    const hits = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from ${sql.identifier(table_name)}
      where ${sql.identifier(column_name)}::text ilike any(array(select jsonb_array_elements_text(${patterns}::jsonb)))`);
    if ((hits.rows[0]?.n ?? 0) > 0) found.push(`${table_name}.${column_name}`);
  }
  return found;
}

/** How many tables the search covered: proves it looked at our tables, not none. */
export async function tablesSearched(db: Executor): Promise<string[]> {
  const rows = await db.execute<{ table_name: string }>(sql`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
  return rows.rows.map((r) => r.table_name);
}

/** The customer row and two alerts the contact sync would have made for the person. */
export async function seedCustomer(db: Executor, workspaceId: string, p: Person) {
  await db.insert(customers).values({
    workspaceId,
    email: p.email,
    contactId: p.contactId,
    name: p.name,
    mrr: 900,
    extra: { note: `${p.name} asked about invoices` },
  });
  await db.insert(alerts).values([
    {
      workspaceId,
      email: p.email,
      kind: "high_value",
      changeKey: "900",
      message: `${p.email} is now high value`,
    },
    {
      workspaceId,
      email: p.email,
      kind: "cancel_intent",
      changeKey: "x",
      message: `${p.email} mentioned cancelling`,
    },
  ]);
}

interface PartSpec {
  id: string;
  authorId: string;
  body: string;
}

/** A conversation as `GET /conversations/{id}` returns it, stored the way a part job does. */
export function fetchedConversation(
  options: SampleOptions & {
    contactIds: string[];
    author: { id: string; name: string; email: string };
  },
  parts: PartSpec[],
): IntercomConversationWithParts {
  const base = sampleConversation({ ...options, contactId: options.author.id }) as Record<
    string,
    unknown
  >;
  const source = base.source as Record<string, unknown>;
  return {
    ...base,
    source: {
      ...source,
      body: `<p>${parts[0]?.body ?? "hello"}</p>`,
      author: { type: "user", ...options.author },
    },
    contacts: {
      type: "contact.list",
      contacts: options.contactIds.map((id) => ({ type: "contact", id })),
    },
    conversation_parts: {
      type: "conversation_part.list",
      total_count: parts.length,
      conversation_parts: parts.map((part, i) => ({
        type: "conversation_part",
        id: part.id,
        part_type: "comment",
        body: part.body,
        created_at: (options.at ?? 1_763_800_000) - 100 + i,
        updated_at: (options.at ?? 1_763_800_000) - 100 + i,
        author: { type: "user", id: part.authorId, name: "someone", email: null },
        attachments: [],
        redacted: false,
      })),
    },
  } as unknown as IntercomConversationWithParts;
}

export function writeConversations(
  db: Database,
  workspaceId: string,
  fetched: IntercomConversationWithParts[],
) {
  return db.transaction((tx) =>
    writeFetchedConversations(tx, workspaceId, fetched, new Date(), () => false),
  );
}
