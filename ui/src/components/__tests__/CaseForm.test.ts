// @vitest-environment jsdom
import { mockIPC } from "@tauri-apps/api/mocks";
import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CaseDraft } from "../../lib/bindings/CaseDraft";
import { emptyForm, formFromCase } from "../../lib/caseForm";
import { setLanguage } from "../../lib/i18n";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { invalidInput, storedCase, taxonomy } from "../../test/fixtures";
import CaseForm from "../form/CaseForm.svelte";
import { show, tearDown } from "../../test/mount";


beforeEach(() => {
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
});

afterEach(tearDown);

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector);

function type(path: string, text: string): void {
  const input = $<HTMLInputElement>(`[data-testid="field-${path}"]`)!;
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
  flushSync();
}

describe("CaseForm", () => {
  it("names every field by its draft path", () => {
    show(CaseForm, { props: { caseId: null, initial: emptyForm(), onsaved: () => {}, oncancel: () => {} } });
    const names = [...document.querySelectorAll("input, select, textarea")].map((el) => el.getAttribute("name"));
    for (const path of [
      "company.name", "company.kvk", "company.legal_form", "company.founding_year", "company.province", "company.municipality",
      "company.address", "company.contact_name", "company.contact_email", "company.contact_phone", "company.employees",
      "company.turnover_eur", "company.equity_eur", "company.natural_person", "amount_eur", "purpose", "stage", "sector",
      "sbi_code", "source", "referrer", "earlier_declines", "disclosure", "consent_from", "consent_until", "status", "owner",
      "next_action", "next_action_due", "notes", "intake_date",
    ]) {
      expect(names).toContain(path);
      expect($(`[data-testid="field-${path}"]`)?.getAttribute("name")).toBe(path);
    }
    // Dates are typed dd-mm-jjjj (DateInput), never the OS date picker.
    expect($<HTMLInputElement>('[data-testid="field-consent_from"]')!.type).toBe("text");
    expect(document.querySelectorAll('[data-testid^="chip-"]')).toHaveLength(taxonomy.capital_types.length);
  });

  it("shows the core's field errors under their fields and keeps what was typed", async () => {
    let sent: CaseDraft | undefined;
    mockIPC((cmd, args) => {
      expect(cmd).toBe("add_case");
      sent = (args as { draft: CaseDraft }).draft;
      return Promise.reject(invalidInput);
    });
    const onsaved = vi.fn();
    show(CaseForm, { props: { caseId: null, initial: emptyForm(), onsaved, oncancel: () => {} } });

    type("company.name", "Bakkerij De Korenaar");
    type("company.kvk", "123");
    $<HTMLInputElement>('[data-testid="chip-equity"]')!.click();
    flushSync();
    expect($<HTMLInputElement>('[data-testid="chip-equity"]')!.checked).toBe(true);

    $<HTMLButtonElement>('[data-testid="case-save"]')!.click();
    await settle();

    expect(sent?.company?.kvk).toBe("123");
    expect(sent?.capital_types).toEqual(["equity"]);
    expect(onsaved).not.toHaveBeenCalled();

    const banner = $('[data-testid="error-banner"]');
    expect(banner).not.toBeNull();
    const errors = [...document.querySelectorAll('[data-testid="field-error"]')];
    expect(errors.map((e) => e.getAttribute("data-field"))).toEqual(["company.kvk", "amount_eur", "capital_types"]);
    expect($('[data-testid="field-error"][data-field="company.kvk"]')!.textContent).toContain("KvK-nummer moet uit precies 8 cijfers bestaan");
    expect($('[data-testid="field-company.kvk"]')!.getAttribute("aria-invalid")).toBe("true");

    // Nothing typed is lost.
    expect($<HTMLInputElement>('[data-testid="field-company.name"]')!.value).toBe("Bakkerij De Korenaar");
    expect($<HTMLInputElement>('[data-testid="field-company.kvk"]')!.value).toBe("123");
    expect($<HTMLInputElement>('[data-testid="chip-equity"]')!.checked).toBe(true);

    // The same error reads in English after switching.
    setLanguage("en");
    flushSync();
    expect($('[data-testid="field-error"][data-field="company.kvk"]')!.textContent).toContain("KvK number must be exactly 8 digits");
  });

  it("saves an edit with Ctrl+S as update_case and cancels with Escape", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return { ...storedCase, amount_cents: 120_000_000 };
    });
    const onsaved = vi.fn();
    const oncancel = vi.fn();
    show(CaseForm, {
      props: { caseId: "case-1", caseNumber: "2026-0007", initial: formFromCase(storedCase), onsaved, oncancel },
    });
    expect(document.body.textContent).toContain("2026-0007");
    type("amount_eur", "1,2 mln");
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "s", ctrlKey: true, bubbles: true }));
    await settle();
    expect(calls).toHaveLength(1);
    expect(calls[0][0]).toBe("update_case");
    expect(calls[0][1]).toMatchObject({ id: "case-1", patch: { amount_eur: "1,2 mln", company: { name: storedCase.company.name } } });
    expect(onsaved).toHaveBeenCalledWith(expect.objectContaining({ amount_cents: 120_000_000 }));

    window.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(oncancel).toHaveBeenCalledTimes(1);
  });
});
