import { sweep } from "../../dev/stack.ts";
import type { Queryable } from "../db.ts";

export type Kind = "contacts" | "conversations" | "companies";

/** What the soak reads of a write-back run. */
export interface WritebackView {
  status: string;
  error: string | null;
  contacts_planned: number;
  contacts_written: number;
  companies_planned: number;
  companies_written: number;
  failures: { count: number };
  progress: { phase: string; fraction: number; writes_pending: number };
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Talks to the running service: starts runs through the operator API, reads them from Postgres. */
export class Service {
  readonly baseUrl: string;
  readonly db: Queryable;
  readonly workspaceId: string;
  private readonly adminKey: string;

  constructor(baseUrl: string, adminKey: string, db: Queryable, workspaceId: string) {
    this.baseUrl = baseUrl;
    this.adminKey = adminKey;
    this.db = db;
    this.workspaceId = workspaceId;
  }

  /** The minute cron (sweeps: stranded deliveries, outbox, stalled runs); false when down. */
  sweep(): Promise<boolean> {
    return sweep(this.baseUrl, 30_000);
  }

  /**
   * Starts a run; waits out one already running (409) and a Worker that is down, up to
   * `deadline`. Returns the run id.
   */
  async startRun(kind: Kind, mode: "full" | "incremental", deadline: number): Promise<string> {
    const text = await this.postUntilAccepted(`/v1/sync/${kind}`, { mode }, deadline);
    return (JSON.parse(text) as { id: string }).id;
  }

  /** Starts a write-back run (`dry_run` as given), waiting out one planning (409); its id. */
  async startWriteback(dryRun: boolean, deadline: number): Promise<string> {
    const text = await this.postUntilAccepted("/v1/writeback", { dry_run: dryRun }, deadline);
    return (JSON.parse(text) as { run_id: string }).run_id;
  }

  /** Posts until the Worker answers 202 (past a 409 or a Worker that is down); the answer's text. */
  private async postUntilAccepted(path: string, body: unknown, deadline: number): Promise<string> {
    let last = "";
    while (Date.now() < deadline) {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${this.adminKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      }).catch((error: unknown) => ({ status: 0, error }));
      if (res instanceof Response) {
        const text = await res.text();
        if (res.status === 202) return text;
        last = `${res.status} ${text.slice(0, 200)}`;
      } else last = String(res.error);
      await sleep(1000);
    }
    throw new Error(`POST ${path} was not accepted in time: ${last}`);
  }

  /** A write-back run as `GET /v1/writeback/{id}` shows it; null while the Worker is down. */
  async writeback(id: string): Promise<WritebackView | null> {
    const res = await fetch(`${this.baseUrl}/v1/writeback/${id}`, {
      headers: { authorization: `Bearer ${this.adminKey}` },
      signal: AbortSignal.timeout(30_000),
    }).catch(() => null);
    if (!res?.ok) return null;
    return (await res.json()) as WritebackView;
  }

  async statusOf(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.db.query<{ id: string; status: string }>(
      "select id::text, status from sync_runs where id = any($1::uuid[])",
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.status]));
  }

  /** Where runs stand (open partitions and part jobs): what a stall report shows. */
  async progressOf(ids: readonly string[]): Promise<string> {
    const { rows } = await this.db.query<{ line: string }>(
      `select r.kind || ' ' || r.pages || ' pages, open partitions ' ||
         coalesce((select string_agg(p.partition || ':' || p.pages, ',' order by p.partition)
           from sync_partitions p where p.run_id = r.id and not p.done), '-') ||
         ', open part jobs ' || (select count(*) from sync_part_jobs j where j.run_id = r.id and not j.done)
         as line
       from sync_runs r where r.id = any($1::uuid[]) and r.status = 'running'`,
      [ids],
    );
    return rows.map((r) => r.line).join("; ");
  }

  async running(): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      "select id::text from sync_runs where workspace_id = $1 and status = 'running'",
      [this.workspaceId],
    );
    return rows.map((r) => r.id);
  }
}
