// `data-busy` on <body>: "true" while anything loads or saves, "false" when idle.
// The end-to-end tests wait on it, so going idle is confirmed a moment later:
// a load that starts right after another (e.g. the list after app_info) keeps it "true".

let pending = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
const IDLE_DELAY_MS = 40;

function setAttr(value: "true" | "false"): void {
  if (typeof document !== "undefined" && document.body) document.body.dataset.busy = value;
}

/** Marks the start of some work; call the returned function (once) when it ends. */
export function beginBusy(): () => void {
  pending += 1;
  if (idleTimer !== undefined) {
    clearTimeout(idleTimer);
    idleTimer = undefined;
  }
  setAttr("true");
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    pending -= 1;
    if (pending === 0) {
      idleTimer = setTimeout(() => {
        idleTimer = undefined;
        if (pending === 0) setAttr("false");
      }, IDLE_DELAY_MS);
    }
  };
}

/** Keeps `data-busy="true"` while the promise runs. */
export async function track<T>(work: Promise<T>): Promise<T> {
  const end = beginBusy();
  try {
    return await work;
  } finally {
    end();
  }
}

/** Number of pieces of work running (for tests). */
export function busyCount(): number {
  return pending;
}

/** Work run after a pause (a search as the user types), counted as busy from the moment it is asked for, so
 *  that the end-to-end tests never see a gap between a keystroke and its load. Asking again, or cancelling,
 *  drops the run not yet started and its busy mark; a run once started ends its mark when it ends. */
export class DelayedWork {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #endPending: (() => void) | undefined;

  /** Runs `work` after `delay` ms, in place of any run not yet started. */
  schedule(delay: number, work: () => Promise<unknown>): void {
    this.cancel();
    this.#endPending = beginBusy();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const end = this.#endPending;
      this.#endPending = undefined;
      void work().finally(() => end?.());
    }, delay);
  }

  /** Drops the run not yet started, and its busy mark. */
  cancel(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#endPending?.();
    this.#endPending = undefined;
  }
}
