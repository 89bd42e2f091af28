// @vitest-environment jsdom
import { mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Case } from "../../lib/bindings/Case";
import type { ChangeEntry } from "../../lib/bindings/ChangeEntry";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { storedCase, taxonomy, timelineOf } from "../../test/fixtures";
import { outcomeOf } from "../../test/outcomeFixtures";
import CasePage from "../cases/CasePage.svelte";
import { settle } from "../../test/dom";
import { show, tearDown } from "../../test/mount";

let current: Case;
let history: ChangeEntry[];
let patches: unknown[];

const refused = {
  code: "invalid_input",
  message: "Controleer de invoer: Status kan niet van \"Screening\" naar \"Gefinancierd\".",
  message_en: "Check the input.",
  fields: [
    {
      field: "status",
      code: "status_transition",
      message: "Status kan niet van \"Screening\" naar \"Gefinancierd\": een uitkomst volgt pas nadat de casus aan tafel is gepresenteerd.",
      message_en: "Status cannot go from \"Screening\" to \"Financed\": an outcome follows only after the case was presented at the table.",
    },
  ],
  rows: [],
};

beforeEach(() => {
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  current = { ...storedCase, consent_financier_ids: [] };
  history = [];
  patches = [];
  mockIPC((cmd, args) => {
    if (cmd === "get_case") return { case: current, history, timeline: timelineOf(history) };
    if (cmd === "get_outcome") return outcomeOf({ case_id: current.id, status: current.status });
    if (cmd === "list_financiers") return [];
    if (cmd === "update_case") {
      const patch = (args as { patch: { status: string } }).patch;
      patches.push(patch);
      if (patch.status === "financed") return Promise.reject(refused);
      history = [
        ...history,
        { id: "h1", entity: "case", entity_id: current.id, action: "update", changes: { status: [current.status, patch.status] }, at: "2026-03-01T10:00:00Z", author: "marieke", source: "ui" },
      ];
      current = { ...current, status: patch.status as Case["status"], updated_at: "2026-03-01T10:00:00Z" };
      return current;
    }
    throw new Error(cmd);
  });
});

afterEach(tearDown);

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector);

function pick(value: string): void {
  const select = $<HTMLSelectElement>('[data-testid="case-status"]')!;
  select.value = value;
  select.dispatchEvent(new Event("change", { bubbles: true }));
}

describe("Status change on the case page", () => {
  it("shows the core's Dutch message for a refused change and puts the select back", async () => {
    show(CasePage, { props: { id: "case-1" } });
    await settle();
    expect($<HTMLSelectElement>('[data-testid="case-status"]')!.value).toBe("screening");
    pick("financed");
    await settle();
    // The change names the version it was made on, so an edit made meanwhile is not overwritten.
    expect(patches).toEqual([{ status: "financed", expected_updated_at: storedCase.updated_at }]);
    const error = $('[data-testid="field-error"][data-field="status"]')!;
    expect(error.textContent).toContain("een uitkomst volgt pas nadat de casus aan tafel is gepresenteerd");
    expect(error.getAttribute("data-code")).toBe("status_transition");
    expect($<HTMLSelectElement>('[data-testid="case-status"]')!.value).toBe("screening");
  });

  it("updates the page and the timeline after an accepted change", async () => {
    show(CasePage, { props: { id: "case-1" } });
    await settle();
    pick("intake");
    await settle();
    expect(patches).toEqual([{ status: "intake", expected_updated_at: storedCase.updated_at }]);
    expect($<HTMLSelectElement>('[data-testid="case-status"]')!.value).toBe("intake");
    expect($('[data-status]')!.getAttribute("data-status")).toBe("intake");
    const entry = $('[data-testid="timeline-entry"]')!;
    expect(entry.textContent).toContain("Screening");
    expect(entry.textContent).toContain("Intake");
    expect($('[data-testid="field-error"]')).toBeNull();
  });
});
