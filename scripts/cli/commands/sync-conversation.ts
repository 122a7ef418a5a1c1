import type { Command } from "commander";
import { CONVERSATION_ID } from "../../../src/intercom/schemas/common.ts";
import { param } from "../api.ts";
import { InputError } from "../config.ts";
import { line, printJson, printRecord } from "../output.ts";
import type { Context } from "./context.ts";

/** One conversation with its parts, now (`POST /v1/sync/conversations/{id}`). */
export function registerSyncConversation(program: Command, ctx: Context) {
  program
    .command("sync-conversation")
    .description("sync one conversation with its parts now")
    .argument("<id>", "Intercom's conversation id")
    .option("--json", "machine output only")
    .action(async (id: string, o: { json?: boolean }) => {
      if (!CONVERSATION_ID.test(id)) throw new InputError(`${id} is not a conversation id`);
      const synced = await ctx
        .api()
        .ok((c) => c.v1.sync.conversations[":id"].$post({ param: { id: param(id) } }));
      if (o.json) return printJson(synced);
      line(`conversation ${synced.id} synced`);
      printRecord({
        updated_at: synced.updated_at,
        parts: synced.parts,
        parts_truncated: synced.parts_truncated,
        alerts: synced.alerts,
      });
    });
}
