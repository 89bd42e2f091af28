// Long commands (import, export, backup, meeting pack, report) report their progress as
// `tafel://progress` events carrying the id the window gave the command; "Annuleren" asks the
// core to stop at its next safe point, where nothing is half-stored or half-written.

import { listen } from "@tauri-apps/api/event";
import { api } from "./api";
import type { OperationProgress } from "./bindings/OperationProgress";
import type { Phase } from "./bindings/Phase";

/** The event the shell sends (`tafel::progress::PROGRESS_EVENT`). */
export const PROGRESS_EVENT = "tafel://progress";

/** One long command the window watches. */
export class Operation {
  readonly id: string;
  phase = $state<Phase | null>(null);
  done = $state(0);
  total = $state(0);
  /** "Annuleren" was clicked; the core stops at its next safe point. */
  cancelling = $state(false);

  constructor(id: string) {
    this.id = id;
  }

  /** A step arrived from the core. */
  apply(step: Pick<OperationProgress, "phase" | "done" | "total">): void {
    this.phase = step.phase;
    this.done = step.done;
    this.total = step.total;
  }

  /** Share done of this phase (0–1), or null while the phase's length is unknown. */
  get fraction(): number | null {
    return this.total > 0 ? Math.min(1, this.done / this.total) : null;
  }

  async cancel(): Promise<void> {
    if (this.cancelling) return;
    this.cancelling = true;
    try {
      await api.cancelOperation(this.id);
    } catch {
      // The operation ended meanwhile: nothing left to cancel.
    }
  }
}

const running = new Map<string, Operation>();
let listening: Promise<void> | null = null;
let sequence = 0;

function listenOnce(): Promise<void> {
  listening ??= listen<OperationProgress>(PROGRESS_EVENT, (event) => {
    running.get(event.payload.operation)?.apply(event.payload);
  }).then(
    () => undefined,
    () => undefined, // outside the app (tests, a browser): no events, the work still runs
  );
  return listening;
}

/** Runs `work` as a watched operation: `onstart` gets the operation to show, `work` its id. */
export async function watched<T>(work: (operationId: string) => Promise<T>, onstart?: (operation: Operation) => void): Promise<T> {
  await listenOnce();
  sequence += 1;
  const operation = new Operation(`op-${Date.now().toString(36)}-${sequence}`);
  running.set(operation.id, operation);
  onstart?.(operation);
  try {
    return await work(operation.id);
  } finally {
    running.delete(operation.id);
  }
}

/** Delivers a step as if the shell had sent it (for tests of the components). */
export function deliver(step: OperationProgress): void {
  running.get(step.operation)?.apply(step);
}
