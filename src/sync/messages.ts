/** One step of a run: the next pages of one partition, starting at checkpoint `page`. */
export interface SyncStepMessage {
  kind: "sync.step";
  runId: string;
  partition: number;
  page: number;
}

export const isSyncStep = (body: unknown): body is SyncStepMessage =>
  typeof body === "object" &&
  body !== null &&
  (body as SyncStepMessage).kind === "sync.step" &&
  typeof (body as SyncStepMessage).runId === "string";
