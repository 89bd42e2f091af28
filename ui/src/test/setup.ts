// Tauri's mockIPC writes to `window.__TAURI_INTERNALS__`; in the node environment window is globalThis.
(globalThis as { window?: unknown }).window ??= globalThis;

// jsdom has no layout: element sizes (bind:clientHeight) never change, so observing them is a no-op.
if (typeof globalThis.ResizeObserver === "undefined") {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

// The English texts are a script loaded when English is chosen; tests switch languages at once.
import { loadEnglish } from "../lib/lang.svelte";
await loadEnglish();

// Progress events come from the shell; outside it there are none (and listening must not show
// up among the commands a test records).
import { vi } from "vitest";
vi.mock("@tauri-apps/api/event", () => ({ listen: async () => () => {}, emitTo: async () => {} }));
