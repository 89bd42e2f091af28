// @vitest-environment jsdom
import { mockIPC } from "@tauri-apps/api/mocks";
import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { app } from "../../lib/app.svelte";
import type { CaseDraft } from "../../lib/bindings/CaseDraft";
import { captureMemory } from "../../lib/quickCapture.svelte";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { appInfo, invalidInput, storedCase, taxonomy } from "../../test/fixtures";
import QuickCapturePage from "../capture/QuickCapturePage.svelte";
import { settle, typeInto, chooseIn } from "../../test/dom";
import { show, tearDown } from "../../test/mount";

let drafts: CaseDraft[] = [];

beforeEach(() => {
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  app.info = appInfo;
  captureMemory.province = "";
  captureMemory.capitalTypes = [];
  drafts = [];
});

afterEach(() => {
  tearDown();
  app.info = null;
});

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector);

function type(path: string, text: string): void {
  typeInto($<HTMLInputElement>(`[data-testid="qc-${path}"]`)!, text);
}

function choose(path: string, value: string): void {
  chooseIn($<HTMLSelectElement>(`[data-testid="qc-${path}"]`)!, value);
}

const company = { id: "company-1", name: "Bakkerij De Korenaar B.V.", kvk: "71234567", province: "UT", latest_case_id: "case-1", case_count: 1 };

function mockCore(addCase: (draft: CaseDraft) => unknown): void {
  mockIPC((cmd, args) => {
    if (cmd === "search_all") return { cases: [], companies: [company], financiers: [] };
    if (cmd === "add_case") {
      const draft = (args as { draft: CaseDraft }).draft;
      drafts.push(draft);
      return addCase(draft);
    }
    if (cmd === "app_info") return appInfo;
    throw new Error(cmd);
  });
}

describe("Quick capture", () => {
  it("has the stable hooks, name = draft path, chips as real checkboxes, and the company name focused", async () => {
    mockCore(() => storedCase);
    show(QuickCapturePage, {});
    await settle();
    expect($('[data-testid="quick-capture-form"]')).not.toBeNull();
    for (const path of ["company.name", "company.kvk", "company.province", "amount_eur", "purpose", "stage", "sector", "source", "referrer", "notes"]) {
      expect($(`[data-testid="qc-${path}"]`)?.getAttribute("name")).toBe(path);
    }
    const chips = [...document.querySelectorAll<HTMLInputElement>('[data-testid^="qc-chip-"]')];
    expect(chips.map((c) => c.type)).toEqual(taxonomy.capital_types.map(() => "checkbox"));
    expect(chips.every((c) => c.tabIndex === 0)).toBe(true); // Tab reaches every chip
    expect(document.activeElement?.getAttribute("data-testid")).toBe("qc-company.name");
    expect($('[data-testid="qc-defaults"]')!.textContent).toContain("marieke");
  });

  it("moves between chips with arrows and first letters; Space (a click) toggles", async () => {
    mockCore(() => storedCase);
    show(QuickCapturePage, {});
    await settle();
    const first = $<HTMLInputElement>('[data-testid="qc-chip-senior_loan"]')!;
    first.focus();
    first.dispatchEvent(new KeyboardEvent("keydown", { key: "m", bubbles: true }));
    flushSync();
    expect(document.activeElement?.getAttribute("data-testid")).toBe("qc-chip-microcredit");
    document.activeElement!.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    flushSync();
    const guarantee = $<HTMLInputElement>('[data-testid="qc-chip-guarantee"]')!;
    expect(document.activeElement).toBe(guarantee);
    guarantee.click();
    flushSync();
    expect(guarantee.checked).toBe(true);
  });

  it("links to a company with the same KvK number and fills in its name and province", async () => {
    mockCore(() => storedCase);
    show(QuickCapturePage, {});
    await settle();
    type("company.kvk", "7123456");
    await settle();
    expect($('[data-testid="qc-existing-company"]')).toBeNull();
    type("company.kvk", "71234567");
    await settle();
    expect($('[data-testid="qc-existing-company"]')!.textContent).toBe(
      "Bestaand bedrijf: Bakkerij De Korenaar B.V. — de casus wordt aan dit bedrijf gekoppeld",
    );
    expect($<HTMLInputElement>('[data-testid="qc-company.name"]')!.value).toBe("Bakkerij De Korenaar B.V.");
    expect($<HTMLSelectElement>('[data-testid="qc-company.province"]')!.value).toBe("UT");
  });

  it("saves with Ctrl+Enter, confirms the case number and starts an empty form that remembers province and capital types", async () => {
    mockCore(() => ({ ...storedCase, id: "case-42", case_number: "2026-0042" }));
    show(QuickCapturePage, {});
    await settle();
    type("company.name", "Zonnedauw");
    choose("company.province", "NB");
    type("amount_eur", "1,2 mln");
    $<HTMLInputElement>('[data-testid="qc-chip-guarantee"]')!.click();
    choose("purpose", "growth");
    choose("stage", "seed");
    choose("sector", "energy");
    type("notes", "Gesproken op de tafel");
    $<HTMLTextAreaElement>('[data-testid="qc-notes"]')!.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", ctrlKey: true, bubbles: true }));
    await settle();

    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      company: { name: "Zonnedauw", province: "NB" },
      amount_eur: "1,2 mln",
      capital_types: ["guarantee"],
      purpose: "growth",
      stage: "seed",
      sector: "energy",
      status: "intake",
      disclosure: "public_summary",
      owner: "marieke",
      notes: "Gesproken op de tafel",
    });
    expect($('[data-testid="qc-saved"]')!.textContent).toContain("2026-0042");
    expect($<HTMLInputElement>('[data-testid="qc-company.name"]')!.value).toBe("");
    expect($<HTMLInputElement>('[data-testid="qc-amount_eur"]')!.value).toBe("");
    expect($<HTMLSelectElement>('[data-testid="qc-company.province"]')!.value).toBe("NB");
    expect($<HTMLInputElement>('[data-testid="qc-chip-guarantee"]')!.checked).toBe(true);
    expect(document.activeElement?.getAttribute("data-testid")).toBe("qc-company.name");
  });

  it("shows the core's field errors under the fields and keeps what was typed", async () => {
    mockCore(() => Promise.reject(invalidInput));
    show(QuickCapturePage, {});
    await settle();
    type("company.name", "Zonnedauw");
    type("company.kvk", "123");
    $<HTMLButtonElement>('[data-testid="qc-save"]')!.click();
    await settle();
    const errors = [...document.querySelectorAll('[data-testid="field-error"]')].map((e) => e.getAttribute("data-field"));
    expect(errors).toEqual(["company.kvk", "amount_eur", "capital_types"]);
    expect($('[data-testid="qc-saved"]')).toBeNull();
    expect($<HTMLInputElement>('[data-testid="qc-company.name"]')!.value).toBe("Zonnedauw");
    expect(document.activeElement?.getAttribute("data-testid")).toBe("qc-company.kvk");
  });
});
