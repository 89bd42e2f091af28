// The presenter window: the slide on the projector in its own window (opened by the shell), the coordinator's
// panel and agenda in the main window. They talk through Tauri events: the main window sends the slide to show
// (and again when the slide window says it is ready), the slide window sends back the keys pressed there, so
// both windows are driven by the same keys.

import { emitTo, listen } from "@tauri-apps/api/event";
import type { Slide } from "./bindings/Slide";

/** The label the shell gives the slide window. */
export const PRESENTER_WINDOW = "presenter";
/** The main window's label. */
export const MAIN_WINDOW = "main";

/** main → slide window: the slide to show (`null`: nothing yet). */
export const SLIDE_EVENT = "presenter:slide";
/** slide window → main: a key pressed on the projector's window. */
export const KEY_EVENT = "presenter:key";
/** slide window → main: it opened and wants the current slide. */
export const READY_EVENT = "presenter:ready";

export interface SlideMessage {
  slide: Slide | null;
}

export interface KeyMessage {
  key: string;
}

/** How messages travel; the shell's events in the app, a fake in tests. */
export interface Transport {
  emitTo(target: string, event: string, payload?: unknown): Promise<void>;
  listen<T>(event: string, handler: (payload: T) => void): Promise<() => void>;
}

export const tauriTransport: Transport = {
  emitTo: (target, event, payload) => emitTo(target, event, payload),
  listen: (event, handler) => listen(event, (e) => handler(e.payload as never)),
};

let transport: Transport = tauriTransport;

/** Replaces the transport (tests). */
export function setTransport(next: Transport): void {
  transport = next;
}

/** Sends the slide to the slide window (nothing happens when it is not open). */
export async function sendSlide(slide: Slide | null): Promise<void> {
  try {
    await transport.emitTo(PRESENTER_WINDOW, SLIDE_EVENT, { slide } satisfies SlideMessage);
  } catch {
    // No slide window: nothing to show it in.
  }
}

/** Sends a key pressed in the slide window to the main window. */
export async function sendKey(key: string): Promise<void> {
  await transport.emitTo(MAIN_WINDOW, KEY_EVENT, { key } satisfies KeyMessage);
}

/** Tells the main window the slide window is ready for its slide. */
export async function sendReady(): Promise<void> {
  await transport.emitTo(MAIN_WINDOW, READY_EVENT, {});
}

/** Listens to one of the events; gives the function that stops listening. */
export function on<T>(event: string, handler: (payload: T) => void): Promise<() => void> {
  return transport.listen<T>(event, handler);
}
