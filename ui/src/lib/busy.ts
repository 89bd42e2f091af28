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
