// @vitest-environment jsdom
import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CaseOutcome } from "../../lib/bindings/CaseOutcome";
import type { OnePager } from "../../lib/bindings/OnePager";
import type { ResponseDraft } from "../../lib/bindings/ResponseDraft";
import { router } from "../../lib/router.svelte";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { taxonomy } from "../../test/fixtures";
import { financiers, onePager, outcomeOf, presenting, response } from "../../test/outcomeFixtures";
import PresentationPage from "../meetings/PresentationPage.svelte";
import SlideView from "../meetings/SlideView.svelte";
import { byTestid, settle, chooseIn as choose } from "../../test/dom";
import { callsOf, record } from "../../test/ipc";
import { show, tearDown } from "../../test/mount";

let outcome: CaseOutcome;

beforeEach(() => {
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  outcome = outcomeOf({ case_id: "case-1", responses: [] });
  record(presenting((cmd, a) => {
    switch (cmd) {
      case "get_outcome":
        return { ...outcome, case_id: a.caseId as string };
      case "one_pager":
        return { ...onePager, case_id: a.caseRef as string, responses: outcome.responses.map((r) => ({ financier_name: r.financier_name, status: r.status, decline_reason: r.decline_reason, amount_cents: null })) };
      case "record_response": {
        const draft = a.draft as ResponseDraft;
        const name = financiers.find((f) => f.id === draft.financier)!.name;
        const rest = outcome.responses.filter((r) => r.financier_id !== draft.financier);
        outcome = { ...outcome, responses: [...rest, response(draft.financier, name, draft.status as "interested", { decline_reason: (draft.decline_reason as "solvency") ?? null })] };
        return { ...outcome, case_id: a.caseId as string };
      }
    }
    throw new Error(`unexpected ${cmd}`);
  }));
});

afterEach(tearDown);

const $ = <T extends Element = HTMLElement>(selector: string, root: ParentNode = document) => root.querySelector<T>(selector);

function key(k: string, target: EventTarget = window): void {
  target.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }));
}

async function present(): Promise<void> {
  show(PresentationPage, { props: { id: "meet-1" } });
  await settle();
}

describe("Slide", () => {
  it("renders only the one-pager's fields, never a company name or KvK number that came along", () => {
    const leaky = {
      ...onePager,
      company_name: "Bakkerij De Korenaar B.V.",
      kvk: "71234567",
      address: "Langestraat 1, Amersfoort",
      contact_name: "Jan de Vries",
      notes: "Eigenaar wil stoppen",
    } as unknown as OnePager;
    show(SlideView, { props: { onePager: leaky, position: 2, total: 5 } });
    flushSync();
    const slide = byTestid("slide")[0];
    const text = slide.textContent ?? "";
    for (const secret of ["Korenaar", "71234567", "Langestraat", "Amersfoort", "Jan de Vries", "stoppen"]) expect(text).not.toContain(secret);
    expect(byTestid("slide-position")[0].textContent).toBe("2 / 5");
    expect(byTestid("slide-case-number")[0].textContent).toBe("2026-0007");
    expect(byTestid("slide-amount")[0].textContent).toBe("€ 1.300.000");
    expect(text).toContain("Utrecht");
    expect(text).toContain("Energie");
    expect(text).toContain("Bancaire (investerings)lening");
    expect(text).toMatch(/€\s1 – 5 mln/);
    expect(text).toContain("10 – 49 medewerkers");
    expect(text).toContain("BV");
    expect(byTestid("slide-negative-equity")[0].textContent).toContain("negatief");
    const responses = byTestid("slide-response");
    expect(responses.map((r) => [r.dataset.financierName, r.dataset.status])).toEqual([["Rabobank", "declined"]]);
    expect(responses[0].textContent).toContain("Solvabiliteit te laag");
  });
});

describe("Presentation mode", () => {
  it("presents the first case and steps with the keyboard, calling present for each slide", async () => {
    await present();
    expect(callsOf("present").map((a) => a.position)).toEqual([1]);
    expect(byTestid("slide-position")[0].textContent).toBe("1 / 3");

    key("ArrowRight");
    await settle();
    expect(callsOf("present").at(-1)).toEqual({ meetingId: "meet-1", position: 2 });
    expect(byTestid("slide-position")[0].textContent).toBe("2 / 3");

    key(" ");
    await settle();
    expect(callsOf("present").at(-1)!.position).toBe(3);
    key("PageDown"); // already the last: nothing to present
    await settle();
    expect(callsOf("present")).toHaveLength(3);

    key("PageUp");
    await settle();
    expect(callsOf("present").at(-1)!.position).toBe(2);
    key("Home");
    await settle();
    expect(callsOf("present").at(-1)!.position).toBe(1);
    key("End");
    await settle();
    expect(callsOf("present").at(-1)!.position).toBe(3);
    key("ArrowLeft");
    await settle();
    expect(callsOf("present").at(-1)!.position).toBe(2);
  });

  it("never shows the company names of the agenda, in the slide or the coordinator panel", async () => {
    await present();
    const text = document.body.textContent ?? "";
    expect(text).not.toContain("Geheim Bedrijf");
  });

  it("hides the coordinator panel with C and leaves with Esc", async () => {
    await present();
    expect(byTestid("coordinator-panel")).toHaveLength(1);
    key("c");
    flushSync();
    expect(byTestid("coordinator-panel")).toHaveLength(0);
    expect(byTestid("slide")).toHaveLength(1);
    key("C");
    flushSync();
    expect(byTestid("coordinator-panel")).toHaveLength(1);
    key("Escape");
    flushSync();
    expect(router.route).toEqual({ name: "meeting", id: "meet-1" });
  });

  it("does not take the keys typed into the panel's fields", async () => {
    await present();
    const select = byTestid("quick-add-select")[0] as HTMLSelectElement;
    key("ArrowRight", select);
    await settle();
    expect(callsOf("present")).toHaveLength(1);
  });
});

describe("Coordinator panel", () => {
  it("lists attending financiers and records 'interested' in one click, with the meeting", async () => {
    await present();
    const rows = byTestid("quick-financier");
    expect(rows.map((r) => r.dataset.financierName)).toEqual(["ING"]);
    ($('[data-testid="quick-interested"]', rows[0]) as HTMLButtonElement).click();
    await settle();
    const draft = callsOf("record_response")[0].draft as ResponseDraft;
    expect(callsOf("record_response")[0].caseId).toBe("case-1");
    expect(draft).toMatchObject({ financier: "fin-ing", status: "interested", decline_reason: null, meeting_id: "meet-1" });
    expect(byTestid("quick-financier")[0].dataset.status).toBe("interested");
    // The slide reads its responses from the core again and shows the answer at once.
    expect(callsOf("one_pager").at(-1)).toEqual({ caseRef: "case-1" });
    expect(byTestid("slide-response").map((r) => r.dataset.financierName)).toEqual(["ING"]);
  });

  it("needs a reason before a decline is recorded", async () => {
    await present();
    const add = byTestid("quick-add-select")[0] as HTMLSelectElement;
    choose(add, "fin-qredits");
    flushSync();
    (byTestid("quick-add")[0] as HTMLButtonElement).click();
    flushSync();
    const qredits = byTestid("quick-financier").find((r) => r.dataset.financierName === "Qredits")!;
    ($('[data-testid="quick-declined"]', qredits) as HTMLButtonElement).click();
    flushSync();
    const confirm = byTestid("quick-confirm")[0] as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    confirm.click();
    await settle();
    expect(callsOf("record_response")).toHaveLength(0);

    choose(byTestid("quick-reason")[0] as HTMLSelectElement, "other");
    flushSync();
    expect((byTestid("quick-confirm")[0] as HTMLButtonElement).disabled).toBe(true);
    const text = byTestid("quick-reason-text")[0] as HTMLInputElement;
    text.value = "Past niet in het fonds";
    text.dispatchEvent(new Event("input", { bubbles: true }));
    flushSync();
    choose(byTestid("quick-reason")[0] as HTMLSelectElement, "solvency");
    flushSync();
    expect((byTestid("quick-confirm")[0] as HTMLButtonElement).disabled).toBe(false);
    (byTestid("quick-confirm")[0] as HTMLButtonElement).click();
    await settle();
    const draft = callsOf("record_response")[0].draft as ResponseDraft;
    expect(draft).toMatchObject({ financier: "fin-qredits", status: "declined", decline_reason: "solvency", decline_text: null, meeting_id: "meet-1" });
    const row = byTestid("quick-financier").find((r) => r.dataset.financierName === "Qredits")!;
    expect(row.dataset.status).toBe("declined");
    expect(row.textContent).toContain("Solvabiliteit te laag");
    expect(byTestid("quick-reason")).toHaveLength(0);
  });
});
