// @vitest-environment jsdom
import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CaseFilter } from "../../lib/bindings/CaseFilter";
import type { Meeting } from "../../lib/bindings/Meeting";
import type { MeetingDraft } from "../../lib/bindings/MeetingDraft";
import { router } from "../../lib/router.svelte";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { summary, taxonomy } from "../../test/fixtures";
import { financiers, meeting } from "../../test/outcomeFixtures";
import MeetingNewPage from "../meetings/MeetingNewPage.svelte";
import MeetingPage from "../meetings/MeetingPage.svelte";
import { $$, byTestid, settle, chooseIn as choose, typeInto as type } from "../../test/dom";
import { callsOf, record } from "../../test/ipc";
import { show, tearDown } from "../../test/mount";

let current: Meeting;

const titleRequired = {
  code: "invalid_input",
  message: "Controleer de invoer: Titel is verplicht.",
  message_en: "Check the input: Title is required.",
  fields: [{ field: "title", code: "required", message: "Titel is verplicht.", message_en: "Title is required." }],
  rows: [],
};

beforeEach(() => {
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  current = { ...meeting, agenda: meeting.agenda.slice(0, 2) };
  record((cmd, a) => {
    switch (cmd) {
      case "get_meeting":
        return current;
      case "list_financiers":
        return financiers;
      case "list_cases":
        return [
          summary(1, { id: "case-1", status: "ready" }),
          summary(9, { id: "case-9", status: "ready", company_name: "Zorgboerderij De Hooiberg VOF" }),
          summary(12, { id: "case-12", status: "matching" }),
        ];
      case "add_case_to_agenda": {
        const id = a.caseRef as string;
        current = {
          ...current,
          agenda: [...current.agenda, { ...current.agenda[0], case_id: id, case_number: "2026-0009", company_name: "Zorgboerderij De Hooiberg VOF", position: current.agenda.length + 1 }],
        };
        return current;
      }
      case "reorder_agenda": {
        const order = a.order as string[];
        current = { ...current, agenda: order.map((id, i) => ({ ...current.agenda.find((x) => x.case_id === id)!, position: i + 1 })) };
        return current;
      }
      case "close_meeting":
        current = { ...current, status: "closed" };
        return current;
      case "create_meeting": {
        const draft = a.draft as MeetingDraft;
        if (!draft.title.trim()) return Promise.reject(titleRequired);
        return { ...meeting, id: "meet-new", title: draft.title };
      }
    }
    throw new Error(`unexpected ${cmd}`);
  });
});

afterEach(tearDown);


describe("Meeting page", () => {
  it("asks for and groups the agenda's candidates by the core's status groups, not a list of its own", async () => {
    setTaxonomy({ ...taxonomy, case_status_groups: { ...taxonomy.case_status_groups, agenda: ["ready", "matching"], waiting_for_financier: ["matching"] } });
    show(MeetingPage, { props: { id: "meet-1" } });
    await settle();
    expect((callsOf("list_cases")[0].filter as Partial<CaseFilter>).statuses).toEqual(["ready", "matching"]);
    const select = byTestid("agenda-add-select")[0] as HTMLSelectElement;
    const groups = $$<HTMLOptGroupElement>("optgroup", select).map((g) => $$<HTMLOptionElement>("option", g).map((o) => o.value));
    expect(groups).toEqual([["case-9"], ["case-12"]]);
  });

  it("offers ready cases not yet on the agenda, adds one and moves it up", async () => {
    show(MeetingPage, { props: { id: "meet-1" } });
    await settle();
    const filter = callsOf("list_cases")[0].filter as Partial<CaseFilter>;
    expect(filter.statuses).toEqual(["ready", "presented", "matching", "in_assessment"]);
    const select = byTestid("agenda-add-select")[0] as HTMLSelectElement;
    const groups = $$<HTMLOptGroupElement>("optgroup", select).map((g) => [g.label, $$<HTMLOptionElement>("option", g).map((o) => o.value)]);
    expect(groups).toEqual([
      ["Gereed voor tafel", ["case-9"]],
      ["Wacht op financiers", ["case-12"]],
    ]);
    choose(select, "case-9");
    flushSync();
    (byTestid("agenda-add")[0] as HTMLButtonElement).click();
    await settle();
    expect(callsOf("add_case_to_agenda")).toEqual([{ meetingId: "meet-1", caseRef: "case-9" }]);
    expect(byTestid("agenda-item").map((i) => i.dataset.caseId)).toEqual(["case-1", "case-2", "case-9"]);

    (byTestid("agenda-up")[2] as HTMLButtonElement).click();
    await settle();
    expect(callsOf("reorder_agenda")).toEqual([{ meetingId: "meet-1", order: ["case-1", "case-9", "case-2"] }]);
    expect(byTestid("agenda-item").map((i) => i.dataset.caseId)).toEqual(["case-1", "case-9", "case-2"]);
  });

  it("shows the attendees' pledge, starts the presentation and closes only after confirming", async () => {
    show(MeetingPage, { props: { id: "meet-1" } });
    await settle();
    const attendee = byTestid("attendee-row")[0];
    expect(attendee.dataset.pledge).toBe("true");
    expect(attendee.textContent).toContain("✓");

    (byTestid("meeting-close")[0] as HTMLButtonElement).click();
    flushSync();
    expect(callsOf("close_meeting")).toHaveLength(0);
    (byTestid("meeting-close-confirm")[0] as HTMLButtonElement).click();
    await settle();
    expect(callsOf("close_meeting")).toEqual([{ meetingId: "meet-1" }]);
    expect(byTestid("meeting-detail")[0].dataset.status).toBe("closed");
    expect((byTestid("present-start")[0] as HTMLButtonElement).disabled).toBe(true);
    expect(byTestid("agenda-add-select")).toHaveLength(0);
  });

  it("opens presentation mode", async () => {
    show(MeetingPage, { props: { id: "meet-1" } });
    await settle();
    (byTestid("present-start")[0] as HTMLButtonElement).click();
    flushSync();
    expect(router.route).toEqual({ name: "present", id: "meet-1" });
  });
});

describe("New meeting", () => {
  it("shows the core's message at the field, then opens the saved meeting", async () => {
    show(MeetingNewPage, {});
    flushSync();
    type(byTestid("meeting-field-date")[0] as HTMLInputElement, "26-11-2026");
    (byTestid("meeting-save")[0] as HTMLButtonElement).click();
    await settle();
    expect(byTestid("field-error").find((e) => e.dataset.field === "meeting-title")?.textContent).toContain("Titel is verplicht");
    type(byTestid("meeting-field-title")[0] as HTMLInputElement, "Financieringstafel november");
    type(byTestid("meeting-field-time")[0] as HTMLInputElement, "09:30");
    (byTestid("meeting-save")[0] as HTMLButtonElement).click();
    await settle();
    expect(callsOf("create_meeting").at(-1)!.draft).toMatchObject({ title: "Financieringstafel november", date: "2026-11-26", time: "09:30", place: null });
    expect(router.route).toEqual({ name: "meeting", id: "meet-new" });
  });
});
