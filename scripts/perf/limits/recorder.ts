import { workerdCpuMs } from "./cpu.ts";
import { type PhaseCpu, parseMeterLine, type Sample } from "./figures.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads the meter lines out of wrangler's output, files each under the workspace size and the
 * phase of the workload it ended in, and measures workerd's CPU time over each phase.
 */
export class Recorder {
  readonly samples: Sample[] = [];
  readonly phases: PhaseCpu[] = [];
  /** Lines the Worker logged at warn or error, kept to explain a failure. */
  readonly complaints: string[] = [];
  private size = "";
  private phase = "setup";
  private phaseStart: number | null = null;
  private phaseCount = 0;
  private lastLineAt = Date.now();
  private pids: () => number[] = () => [];

  /** wrangler's output, a line at a time (the stack's `wranglerOutput`). */
  readonly onLine = (line: string): void => {
    const meter = parseMeterLine(line);
    if (meter) {
      this.samples.push({ ...meter, size: this.size, phase: this.phase });
      this.phaseCount += 1;
      this.lastLineAt = Date.now();
      return;
    }
    if (/"level":"(warn|error)"/.test(line) && this.complaints.length < 200)
      this.complaints.push(line.slice(0, 400));
  };

  /** A new workspace size, whose Worker's processes are `pids`. */
  startSize(size: string, pids: () => number[]): void {
    this.size = size;
    this.pids = pids;
  }

  /** Ends the current phase (its CPU figure) and starts the next. */
  beginPhase(phase: string): void {
    this.endPhase();
    this.phase = phase;
    this.phaseStart = workerdCpuMs(this.pids());
    this.phaseCount = 0;
  }

  endPhase(): void {
    const now = workerdCpuMs(this.pids());
    if (this.phaseStart !== null && now !== null)
      this.phases.push({
        size: this.size,
        phase: this.phase,
        cpuMs: now - this.phaseStart,
        invocations: this.phaseCount,
      });
    this.phaseStart = null;
  }

  /** Waits until no meter line has come for `quietMs`: the queues have drained. */
  async quiet(quietMs = 2000, limitMs = 120_000): Promise<void> {
    const deadline = Date.now() + limitMs;
    await sleep(quietMs);
    while (Date.now() - this.lastLineAt < quietMs && Date.now() < deadline) await sleep(250);
  }
}
