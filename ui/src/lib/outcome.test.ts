import { describe, expect, it } from "vitest";
import type { Referral } from "./bindings/Referral";
import { formatLocalDateTime, formatLongDate } from "./format";
import { declineOf, moveItem, quickFinanciers, raisedPercent, referralChains, slideAction, targetPosition } from "./outcome";
import { hrefOf, parseHash, sectionOf } from "./router.svelte";

function referral(id: string, from: [string, string] | null, to: [string, string]): Referral {
  return {
    id,
    case_id: "case-1",
    from_financier_id: from?.[0] ?? null,
    from_name: from?.[1] ?? null,
    to_financier_id: to[0],
    to_name: to[1],
    reason: "past beter",
    basis: "anonymised",
    referred_on: "2026-11-20",
    outcome: "summary_sent",
    created_at: "2026-11-20T10:00:00Z",
  };
}

describe("referral chains", () => {
  it("continues a chain from the financier it last reached, else starts a new one", () => {
    const chains = referralChains([
      referral("r1", ["ing", "ING"], ["qr", "Qredits"]),
      referral("r2", ["qr", "Qredits"], ["ku", "Kredietunie"]),
      referral("r3", null, ["rom", "ROM Utrecht Region"]),
    ]);
    expect(chains.map((c) => [c.startName, ...c.steps.map((s) => s.referral.to_name)])).toEqual([
      ["ING", "Qredits", "Kredietunie"],
      [null, "ROM Utrecht Region"],
    ]);
  });
});

describe("quick panel financiers", () => {
  const register = [
    { id: "ing", name: "ING" },
    { id: "qr", name: "Qredits" },
    { id: "rabo", name: "Rabobank" },
  ];

  it("lists attending financiers, then responders, then those added, each once", () => {
    const attendees = [
      { id: "a1", contact_id: "c1", financier_id: "ing", name: "Joost", organisation: "ING", pledge_signed: true },
      { id: "a2", contact_id: null, financier_id: null, name: "Sanne", organisation: "qredits ", pledge_signed: false },
      { id: "a3", contact_id: null, financier_id: null, name: "Gast", organisation: "Gemeente Utrecht", pledge_signed: false },
    ];
    const list = quickFinanciers(attendees, [{ financier_id: "ing", financier_name: "ING" }, { financier_id: "rabo", financier_name: "Rabobank" }], register, ["qr", "rabo"]);
    expect(list.map((f) => [f.name, f.why])).toEqual([
      ["ING", "attends"],
      ["Qredits", "attends"],
      ["Rabobank", "responded"],
    ]);
  });
});

describe("presentation keys", () => {
  it("maps the presenter's keys", () => {
    expect(["ArrowRight", "PageDown", " "].map(slideAction)).toEqual(["next", "next", "next"]);
    expect(["ArrowLeft", "PageUp"].map(slideAction)).toEqual(["previous", "previous"]);
    expect(["Home", "End", "Escape", "c", "C", "x"].map(slideAction)).toEqual(["first", "last", "leave", "toggle-panel", "toggle-panel", null]);
  });

  it("stops at the edges", () => {
    expect(targetPosition("next", 2, 5)).toBe(3);
    expect(targetPosition("next", 5, 5)).toBeNull();
    expect(targetPosition("previous", 1, 5)).toBeNull();
    expect(targetPosition("first", 3, 5)).toBe(1);
    expect(targetPosition("last", 3, 5)).toBe(5);
    expect(targetPosition("last", 5, 5)).toBeNull();
    expect(targetPosition("next", 0, 0)).toBeNull();
  });
});

describe("small helpers", () => {
  it("caps the raised share and moves agenda items", () => {
    expect(raisedPercent(25_000, 100_000)).toBe(25);
    expect(raisedPercent(150_000, 100_000)).toBe(100);
    expect(raisedPercent(0, 0)).toBe(0);
    expect(moveItem(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moveItem(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
  });

  it("keeps a decline's reason and text only where they belong", () => {
    expect(declineOf("declined", "other", "  Geen vertrouwen ")).toEqual({ decline_reason: "other", decline_text: "Geen vertrouwen" });
    expect(declineOf("declined", "insufficient_collateral", "kept from before")).toEqual({ decline_reason: "insufficient_collateral", decline_text: null });
    expect(declineOf("declined", "", "")).toEqual({ decline_reason: null, decline_text: null });
    expect(declineOf("committed", "other", "kept from before")).toEqual({ decline_reason: null, decline_text: null });
  });

  it("formats meeting dates the Dutch way", () => {
    expect(formatLongDate("2026-11-26")).toBe("donderdag 26 november 2026");
    expect(formatLongDate("2026-11-26", "en")).toBe("Thursday 26 November 2026");
    expect(formatLocalDateTime("2026-11-26T09:30:00")).toBe("26-11-2026 09:30");
  });
});

describe("routes", () => {
  it("lands on Vandaag and knows the meeting pages", () => {
    expect(parseHash("")).toEqual({ name: "home" });
    expect(parseHash("#/cases")).toEqual({ name: "cases" });
    expect(parseHash("#/meetings")).toEqual({ name: "meetings" });
    expect(parseHash("#/meetings/new")).toEqual({ name: "meeting-new" });
    expect(parseHash("#/meetings/m1")).toEqual({ name: "meeting", id: "m1" });
    expect(parseHash("#/meetings/m1/present")).toEqual({ name: "present", id: "m1" });
    expect(hrefOf({ name: "present", id: "m1" })).toBe("#/meetings/m1/present");
    expect(sectionOf({ name: "present", id: "m1" })).toBe("meetings");
    expect(sectionOf({ name: "home" })).toBe("home");
  });
});
