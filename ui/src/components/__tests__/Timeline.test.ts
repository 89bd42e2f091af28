// @vitest-environment jsdom
import { flushSync } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { ReadableChange } from "../../lib/bindings/ReadableChange";
import { inLang } from "../../lib/history";
import { setLanguage } from "../../lib/i18n";
import Timeline from "../cases/Timeline.svelte";
import { show, tearDown } from "../../test/mount";


afterEach(tearDown);

const l = (nl: string, en: string) => ({ nl, en });

const decline: ReadableChange = {
  id: "e2",
  entity: "response",
  action: "update",
  at: "2026-09-06T12:30:00Z",
  author: "marieke",
  via: l("de app", "the app"),
  title: l("Rabobank: afgewezen — onvoldoende zekerheden", "Rabobank: declined — insufficient collateral"),
  lines: [{ field: "status", label: l("Reactie", "Response"), before: l("Samenvatting verstuurd", "Summary sent"), after: l("Afgewezen", "Declined") }],
  created: false,
};

const followUp: ReadableChange = {
  id: "e1",
  entity: "follow_up",
  action: "create",
  at: "2026-09-05T08:00:00Z",
  author: "marieke",
  via: l("de app", "the app"),
  title: l("Follow-up na 6 maanden gepland op 06-03-2027", "Follow-up after 6 months scheduled for 06-03-2027"),
  lines: [
    { field: "due_on", label: l("Gepland op", "Due on"), before: null, after: l("06-03-2027", "06-03-2027") },
    { field: "done_on", label: l("Gedaan op", "Done on"), before: null, after: null },
  ],
  created: true,
};

function render(timeline: ReadableChange[]): HTMLElement {
  document.body.innerHTML = "";
  show(Timeline, { props: { timeline } });
  flushSync();
  return document.body;
}

describe("Timeline", () => {
  it("shows each change as the core's sentence, newest first, with its fields old → new", () => {
    const body = render([followUp, decline]);
    const titles = [...body.querySelectorAll('[data-testid="timeline-title"]')].map((e) => e.textContent);
    expect(titles).toEqual(["Rabobank: afgewezen — onvoldoende zekerheden", "Follow-up na 6 maanden gepland op 06-03-2027"]);
    const status = body.querySelector('[data-field="status"]')?.textContent ?? "";
    expect(status).toContain("Reactie");
    expect(status).toContain("Samenvatting verstuurd");
    expect(status).toContain("Afgewezen");
    expect(body.textContent).toContain("via de app");
    // A created entry lists only the fields it set.
    expect(body.textContent).toContain("1 veld ingevuld");
  });

  it("speaks English when the UI does", () => {
    setLanguage("en");
    const body = render([decline]);
    expect(body.querySelector('[data-testid="timeline-title"]')?.textContent).toBe("Rabobank: declined — insufficient collateral");
    expect(body.textContent).toContain("via the app");
  });

  it("says so when there is no history", () => {
    expect(render([]).textContent).toContain("Nog geen wijzigingen.");
    expect(inLang(null)).toBe("—");
  });
});
