// One long write to a file the user chose (an export, a backup, a report): its progress while it
// runs, then what was written, or the error, or that the user cancelled it (which is no error).
// The export panel, the report's export bar and the backup share it, so a cancel reads alike.

import type { ErrorPayload } from "./bindings/ErrorPayload";
import { track } from "./busy";
import { type Operation, watched } from "./operation.svelte";

/** The state of one watched write; `W` is what the core answers once it is written. */
export class WatchedWrite<W> {
  /** What the last write wrote; null before, after an error and after a cancel. */
  written = $state.raw<W | null>(null);
  /** Why the last write failed; null when it did not. */
  error = $state.raw<ErrorPayload | null>(null);
  /** The write running now, for its progress bar. */
  operation = $state.raw<Operation | null>(null);
  /** The last write was cancelled by the user. */
  cancelled = $state(false);

  /** Runs `work` (given the id its progress events carry) and keeps what came of it. */
  async run(work: (operationId: string) => Promise<W>): Promise<void> {
    this.cancelled = false;
    try {
      this.written = await track(watched(work, (started) => (this.operation = started)));
      this.error = null;
    } catch (err) {
      const payload = err as ErrorPayload;
      this.cancelled = payload.code === "cancelled";
      this.error = this.cancelled ? null : payload;
      this.written = null;
    } finally {
      this.operation = null;
    }
  }
}
