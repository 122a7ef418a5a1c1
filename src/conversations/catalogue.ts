import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { insertFromRecordset } from "../db/recordset.ts";
import { admins, tags, teams } from "../db/schema/index.ts";
import { bare, setFromExcluded } from "../db/sql.ts";
import type { IntercomClient } from "../intercom/client.ts";

/**
 * Admins, teams and tags: three unpaged calls and three upserts. Rows missing from Intercom's
 * answer are kept (a deleted teammate still authored old parts).
 */
export async function refreshCatalogues(
  db: Executor,
  client: IntercomClient,
  workspaceId: string,
  now: Date,
): Promise<{ admins: number; teams: number; tags: number }> {
  const [adminList, teamList, tagList] = await Promise.all([
    client.listAdmins(),
    client.listTeams(),
    client.listTags(),
  ]);
  const adminRows = adminList.map((a) => ({
    workspaceId,
    id: a.id,
    name: a.name ?? null,
    email: a.email ?? null,
    away: a.away_mode_enabled ?? null,
    teamIds: a.team_ids ?? [],
    writtenAt: now,
  }));
  const teamRows = teamList.map((t) => ({
    workspaceId,
    id: t.id,
    name: t.name ?? null,
    adminIds: t.admin_ids ?? [],
    writtenAt: now,
  }));
  const tagRows = tagList.map((t) => ({ workspaceId, id: t.id, name: t.name, writtenAt: now }));
  if (adminRows.length)
    await db.execute(sql`${insertFromRecordset(admins, adminRows)}
      on conflict (${bare(admins.workspaceId)}, ${bare(admins.id)}) do update set
      ${setFromExcluded([admins.name, admins.email, admins.away, admins.teamIds, admins.writtenAt])}`);
  if (teamRows.length)
    await db.execute(sql`${insertFromRecordset(teams, teamRows)}
      on conflict (${bare(teams.workspaceId)}, ${bare(teams.id)}) do update set
      ${setFromExcluded([teams.name, teams.adminIds, teams.writtenAt])}`);
  if (tagRows.length)
    await db.execute(sql`${insertFromRecordset(tags, tagRows)}
      on conflict (${bare(tags.workspaceId)}, ${bare(tags.id)}) do update set
      ${setFromExcluded([tags.name, tags.writtenAt])}`);
  return { admins: adminRows.length, teams: teamRows.length, tags: tagRows.length };
}
