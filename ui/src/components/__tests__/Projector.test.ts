// @vitest-environment jsdom
// The presenter window: the slide alone in its own window, driven from the main window's presentation
// (and driving it back with the keys pressed on the projector).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setTransport, tauriTransport, type Transport } from "../../lib/presenter";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { taxonomy } from "../../test/fixtures";
import { presenting } from "../../test/outcomeFixtures";
import PresentationPage from "../meetings/PresentationPage.svelte";
import ProjectorPage from "../meetings/ProjectorPage.svelte";
import { byTestid, settle } from "../../test/dom";
import { calls, record } from "../../test/ipc";
import { show, tearDown } from "../../test/mount";


/** One bus for both windows, as Tauri's events are. */
function bus(): Transport {
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  return {
    async emitTo(_target, event, payload) {
      for (const handler of listeners.get(event) ?? []) handler(payload);
    },
    async listen(event, handler) {
      listeners.set(event, [...(listeners.get(event) ?? []), handler as (payload: unknown) => void]);
      return () => listeners.set(event, (listeners.get(event) ?? []).filter((h) => h !== handler));
    },
  };
}

beforeEach(() => {
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  setTransport(bus());
  record(presenting((cmd, a) => {
    switch (cmd) {
      case "get_outcome":
        return { case_id: a.caseId, status: "ready", responses: [], referrals: [], package: [], follow_ups: [] };
      case "taxonomy":
        return taxonomy;
      case "open_presenter":
      case "close_presenter":
        return null;
    }
    throw new Error(`unexpected ${cmd}`);
  }));
});

afterEach(() => {
  tearDown();
  setTransport(tauriTransport);
});


describe("the presenter window", () => {
  it("shows the slide the main window presents, and its keys move both windows", async () => {
    const main = document.createElement("div");
    const projector = document.createElement("div");
    document.body.append(main, projector);
    show(PresentationPage, { target: main, props: { id: "meet-1" } });
    await settle();
    byTestid("present-projector", main)[0].click();
    await settle();
    expect(calls.filter(([c]) => c === "open_presenter")).toEqual([["open_presenter", { meetingId: "meet-1" }]]);
    expect(byTestid("projector-on", main)).toHaveLength(1);

    // The window opens and asks for the slide; it shows only the slide, never the panel.
    show(ProjectorPage, { target: projector, props: { id: "meet-1" } });
    await settle();
    expect(byTestid("slide-position", projector)[0].textContent).toBe("1 / 3");
    expect(byTestid("slide-brand", projector)[0].textContent).toBe("Financieringstafel Utrecht");
    expect(byTestid("slide-pitch", projector)[0].textContent).toContain("warmtepompen");
    expect(byTestid("slide-line", projector)[0].textContent).toContain("Energie");
    expect(projector.querySelector("button")).toBeNull();

    // A key pressed on the projector's window moves the presentation in the main window, which sends the new slide.
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true, cancelable: true }));
    await settle();
    // Both windows listen on the same test window: the main one also sees the key itself, so it moves once
    // for its own keydown and once for the key the projector sent.
    const positions = calls.filter(([c]) => c === "present").map(([, a]) => a.position);
    expect(positions[0]).toBe(1);
    expect(positions.slice(1).every((p) => p === 2)).toBe(true);
    expect(byTestid("slide-position", projector)[0].textContent).toBe("2 / 3");
    expect(byTestid("slide-position", main)[0].textContent).toBe("2 / 3");

    byTestid("present-projector-close", main)[0].click();
    await settle();
    expect(calls.some(([c]) => c === "close_presenter")).toBe(true);
  });

  it("waits for the coordinator until a slide arrives", async () => {
    show(ProjectorPage, { props: { id: "meet-1" } });
    await settle();
    expect(byTestid("projector-waiting")).toHaveLength(1);
    // Only the labels: nothing about cases is asked for.
    expect(calls.map(([c]) => c)).toEqual(["taxonomy"]);
  });
});
