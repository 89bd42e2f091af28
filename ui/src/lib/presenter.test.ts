import { afterEach, describe, expect, it } from "vitest";
import { KEY_EVENT, MAIN_WINDOW, on, PRESENTER_WINDOW, READY_EVENT, sendKey, sendReady, sendSlide, setTransport, SLIDE_EVENT, tauriTransport, type Transport } from "./presenter";
import { slideAt } from "../test/outcomeFixtures";

/** Two windows on one bus: what one emits to a label reaches the other's listeners. */
function bus(): { transport: Transport; sent: [string, string, unknown][] } {
  const sent: [string, string, unknown][] = [];
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  return {
    sent,
    transport: {
      async emitTo(target, event, payload) {
        sent.push([target, event, payload]);
        for (const handler of listeners.get(event) ?? []) handler(payload);
      },
      async listen(event, handler) {
        const list = listeners.get(event) ?? [];
        list.push(handler as (payload: unknown) => void);
        listeners.set(event, list);
        return () => listeners.set(event, (listeners.get(event) ?? []).filter((h) => h !== handler));
      },
    },
  };
}

afterEach(() => setTransport(tauriTransport));

describe("the presenter window's messages", () => {
  it("send the slide to the presenter window and keys and readiness to the main window", async () => {
    const { transport, sent } = bus();
    setTransport(transport);
    const keys: string[] = [];
    const stop = await on<{ key: string }>(KEY_EVENT, (m) => keys.push(m.key));
    await sendSlide(slideAt(2));
    await sendKey("ArrowRight");
    await sendReady();
    stop();
    await sendKey("ArrowLeft");
    expect(sent.map(([target, event]) => [target, event])).toEqual([
      [PRESENTER_WINDOW, SLIDE_EVENT],
      [MAIN_WINDOW, KEY_EVENT],
      [MAIN_WINDOW, READY_EVENT],
      [MAIN_WINDOW, KEY_EVENT],
    ]);
    expect((sent[0][2] as { slide: { position: number } }).slide.position).toBe(2);
    expect(keys).toEqual(["ArrowRight"]);
  });

  it("a slide sent while no presenter window is open is dropped quietly", async () => {
    setTransport({
      emitTo: async () => {
        throw new Error("no such window");
      },
      listen: async () => () => {},
    });
    await expect(sendSlide(null)).resolves.toBeUndefined();
  });
});
