import type { Command } from "commander";
import { InputError } from "../config.ts";
import { line, printJson } from "../output.ts";
import type { Context } from "./context.ts";

interface Replayed {
  workspace_id: string;
  delivery_key: string;
  status: string;
  changed: boolean;
}

interface Retried {
  id: string;
  status: string;
  attempts: number;
  changed: boolean;
}

/** `replay` and `retry`: dead letters sent on again (src/webhooks/replay.ts, src/outbox/retry.ts). */
export function registerDeadLetters(program: Command, ctx: Context) {
  program
    .command("replay")
    .description("apply a dead or failed webhook delivery again (its key as `deliveries` lists it)")
    .argument("<delivery-key>", "the delivery's dedupe key")
    .option("--workspace-id <id>", "the delivery's workspace, when the key is in several")
    .option("--json", "machine output only")
    .action(async (key: string, o: { workspaceId?: string; json?: boolean }) => {
      const replayed = await ctx
        .api()
        .post<Replayed>(
          `/v1/webhooks/deliveries/${encodeURIComponent(key)}/replay`,
          {},
          { workspace_id: o.workspaceId },
        );
      if (o.json) return printJson(replayed);
      line(
        replayed.changed
          ? `delivery ${replayed.delivery_key} queued to be applied again`
          : `delivery ${replayed.delivery_key} was already waiting to be applied; queued again`,
      );
    });
  program
    .command("retry")
    .description("send a dead outbox write to Intercom again")
    .argument("<outbox-id>", "the outbox row's id, as `outbox` lists it")
    .option("--json", "machine output only")
    .action(async (id: string, o: { json?: boolean }) => {
      const retried = await ctx.api().post<Retried>(`/v1/outbox/${uuid(id, "outbox id")}/retry`);
      if (o.json) return printJson(retried);
      line(
        retried.changed
          ? `outbox row ${retried.id} queued to be sent again (attempts ${retried.attempts})`
          : `outbox row ${retried.id} was already on its way (${retried.status})`,
      );
    });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids the service keeps as UUIDs: anything else is refused before a request. */
export function uuid(value: string, what: string): string {
  if (!UUID.test(value)) throw new InputError(`${what} ${value} is not a UUID`);
  return value;
}
