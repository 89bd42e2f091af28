// @vitest-environment jsdom
import { mockIPC } from "@tauri-apps/api/mocks";
import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Case } from "../../lib/bindings/Case";
import type { ChangeEntry } from "../../lib/bindings/ChangeEntry";
import type { Contact } from "../../lib/bindings/Contact";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { storedCase, taxonomy, timelineOf } from "../../test/fixtures";
import { outcomeOf } from "../../test/outcomeFixtures";
import CasePage from "../cases/CasePage.svelte";
import ContactsTable from "../register/ContactsTable.svelte";
import { settle, typeInto } from "../../test/dom";
import { show, tearDown } from "../../test/mount";

let current: Case;
let history: ChangeEntry[];
let calls: [string, Record<string, unknown>][];

const report = (over: Record<string, unknown> = {}) => ({
  kind: "company",
  subject_id: "company-1",
  case_ids: ["case-1"],
  company_ids: ["company-1"],
  counts: { rows: 14, log_entries: 22 },
  recorded: true,
  vacuumed: true,
  wal_checkpointed: true,
  ...over,
});

beforeEach(() => {
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  current = { ...storedCase, consent_financier_ids: [] };
  history = [];
  calls = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args as Record<string, unknown>]);
    if (cmd === "get_case") return { case: current, history, timeline: timelineOf(history) };
    if (cmd === "get_outcome") return outcomeOf({ case_id: current.id, status: current.status });
    if (cmd === "list_financiers") return [];
    if (cmd === "app_info") return null;
    if (cmd === "preview_company_erasure") return { company_id: "company-1", name: current.company.name, kvk: "71234567", case_numbers: ["2025-0003", "2026-0007"], erased_at: null };
    if (cmd === "erase_company") {
      const { confirmName } = args as { confirmName: string };
      const fold = (text: string) => text.trim().split(/\s+/).join(" ").toLowerCase();
      if (fold(confirmName) !== fold(current.company.name)) {
        return Promise.reject({ code: "erasure_not_confirmed", message: "Er is niets gewist.", message_en: "Nothing was erased.", fields: [], rows: [] });
      }
      current = {
        ...current,
        notes: "[gewist]",
        anonymised_at: "2026-12-02T10:00:00.000Z",
        company: { ...current.company, name: "Gewist bedrijf", kvk: null, contact_email: null, erased_at: "2026-12-02T10:00:00.000Z" },
      };
      history = [
        { id: "h9", entity: "erasure", entity_id: "company-1", action: "company", changes: { company_id: [null, "company-1"], case_ids: [null, ["case-1"]], rows: [null, 14], log_entries: [null, 22] }, at: "2026-12-02T10:00:00.000Z", author: "marieke", source: "ui" },
      ];
      return report();
    }
    if (cmd === "erase_company_contact") return report({ kind: "company_contact", case_ids: [], counts: { rows: 1, log_entries: 2 } });
    throw new Error(cmd);
  });
});

afterEach(tearDown);

const $ = <T extends Element = HTMLElement>(testid: string) => document.querySelector<T>(`[data-testid="${testid}"]`);

function type(testid: string, text: string): void {
  typeInto($<HTMLInputElement>(testid)!, text);
}

async function openPanel(): Promise<void> {
  show(CasePage, { props: { id: "case-1" } });
  await settle();
  $<HTMLButtonElement>("case-erase")!.click();
  await settle();
}

describe("Erasing a company from the case page", () => {
  it("erases only once the company's name is typed, then shows the case anonymised", async () => {
    await openPanel();
    expect($("erase-panel")!.textContent).toContain("Bakkerij De Korenaar B.V.");
    expect($("erase-cases")!.textContent).toContain("2025-0003, 2026-0007");
    const run = $<HTMLButtonElement>("erase-run")!;
    expect(run.disabled).toBe(true);
    type("erase-confirm-name", "Bakkerij De Korenaar");
    expect(run.disabled).toBe(true);
    type("erase-confirm-name", "  bakkerij de korenaar  b.v. ");
    expect(run.disabled).toBe(false);
    run.click();
    await settle();
    expect(calls.find(([cmd]) => cmd === "erase_company")).toEqual(["erase_company", { reference: "company-1", confirmName: "  bakkerij de korenaar  b.v. " }]);
    expect($("erase-panel")).toBeNull();
    expect($("erase-notice")!.textContent).toContain("1 casus(sen) geanonimiseerd");
    expect($("erased-banner")!.textContent).toContain("02-12-2026");
    expect($("case-company-name")!.textContent).toBe("Gewist bedrijf");
    expect($("case-erase")).toBeNull();
    expect($("timeline-title")!.textContent).toContain("14 rij(en) en 22 regel(s) van de geschiedenis gewist");
  });

  it("shows the core's refusal and changes nothing", async () => {
    await openPanel();
    current = { ...current, company: { ...current.company, name: "Iets Anders BV" } };
    type("erase-confirm-name", "Bakkerij De Korenaar B.V.");
    $<HTMLButtonElement>("erase-run")!.click();
    await settle();
    expect($("erase-error")!.getAttribute("data-code")).toBe("erasure_not_confirmed");
    expect($("erase-panel")).not.toBeNull();
  });

  it("erases only the contact person after a second click", async () => {
    await openPanel();
    $<HTMLButtonElement>("erase-contact")!.click();
    flushSync();
    expect(calls.some(([cmd]) => cmd === "erase_company_contact")).toBe(false);
    $<HTMLButtonElement>("erase-contact-confirm")!.click();
    await settle();
    expect(calls.find(([cmd]) => cmd === "erase_company_contact")).toEqual(["erase_company_contact", { reference: "company-1" }]);
    expect($("erase-notice")!.textContent).toContain("De contactpersoon van het bedrijf is gewist.");
  });
});

describe("Erasing a financier's contact person", () => {
  const contacts: Contact[] = [
    { id: "con-1", name: "Jan de Vries", role: "Fondsmanager", email: "jan@example.nl", phone: null, signed_pledge: true, erased_at: null },
    { id: "con-2", name: "[gewist]", role: null, email: null, phone: null, signed_pledge: true, erased_at: "2026-11-30T09:00:00.000Z" },
  ];

  it("asks before it erases, and shows an erased contact with its date and without the action", () => {
    const erased: string[] = [];
    show(ContactsTable, { props: { contacts, onerase: (c: Contact) => erased.push(c.id), ondelete: () => {} } });
    flushSync();
    const rows = document.querySelectorAll<HTMLElement>('[data-testid="contact-row"]');
    expect(rows[1].dataset.erased).toBe("true");
    expect(rows[1].textContent).toContain("Gewist op 30-11-2026");
    expect(rows[1].querySelector('[data-testid="contact-erase"]')).toBeNull();
    rows[0].querySelector<HTMLButtonElement>('[data-testid="contact-erase"]')!.click();
    flushSync();
    expect(erased).toEqual([]);
    expect(rows[0].textContent).toContain("ook bij vergaderingen en in de geschiedenis");
    rows[0].querySelector<HTMLButtonElement>('[data-testid="contact-erase-confirm"]')!.click();
    expect(erased).toEqual(["con-1"]);
  });
});
