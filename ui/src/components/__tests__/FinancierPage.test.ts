// @vitest-environment jsdom
import { mockIPC } from "@tauri-apps/api/mocks";
import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChangeEntry } from "../../lib/bindings/ChangeEntry";
import type { Financier } from "../../lib/bindings/Financier";
import type { Instrument } from "../../lib/bindings/Instrument";
import type { InstrumentDraft } from "../../lib/bindings/InstrumentDraft";
import type { ListMode } from "../../lib/bindings/ListMode";
import { setLanguage } from "../../lib/i18n";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { refused, taxonomy, timelineOf } from "../../test/fixtures";
import FinancierPage from "../register/FinancierPage.svelte";
import { settle, typeInto } from "../../test/dom";
import { calls, record } from "../../test/ipc";
import { show, tearDown } from "../../test/mount";

let financier: Financier;
let history: ChangeEntry[];

const entry = (over: Partial<ChangeEntry>): ChangeEntry => ({
  id: "h",
  entity: "financier",
  entity_id: "fin-1",
  action: "create",
  changes: {},
  at: "2026-03-01T10:00:00Z",
  author: "marieke",
  source: "ui",
  ...over,
});

beforeEach(() => {
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  financier = {
    id: "fin-1",
    name: "Borgstellingsfonds Utrecht",
    financier_type: "rom",
    regions: ["UT"],
    website: null,
    notes: null,
    contacts: [{ id: "con-1", name: "Jan de Vries", role: "Fondsmanager", email: "jan@example.nl", phone: null, signed_pledge: true, erased_at: null }],
    instruments: [
      {
        id: "ins-1",
        financier_id: "fin-1",
        name: "Garantieregeling",
        capital_types: ["guarantee"],
        ticket_min_cents: 5_000_000,
        ticket_max_cents: null,
        stages: [],
        sectors: [],
        sector_mode: "exclusive",
        stage_mode: "exclusive",
        regions: [],
        rules: null,
        source_url: null,
        verified_on: "2026-01-10",
        uncertainty: null,
        uncertainty_en: null,
        rules_en: null,
      },
    ],
  };
  history = [entry({ id: "h1" })];
  record((cmd, args) => {
    switch (cmd) {
      case "get_financier_page":
        return { financier, history, timeline: timelineOf(history), answers: [] };
      case "update_financier":
        return Promise.reject(
          refused(
            { field: "name", code: "required", message: "Naam financier is verplicht.", message_en: "Financier name is required." },
            { field: "regions", code: "required", message: "Regio is verplicht.", message_en: "Region is required." },
          ),
        );
      case "add_instrument": {
        const draft = (args as { draft: InstrumentDraft }).draft;
        const added = { ...financier.instruments[0], id: "ins-2", name: draft.name!, capital_types: draft.capital_types as never, ticket_min_cents: 5_000_000 };
        financier = { ...financier, instruments: [...financier.instruments, added] };
        history = [...history, entry({ id: "h2", entity: "instrument", entity_id: "ins-2", changes: { name: [null, draft.name] } })];
        return added;
      }
      case "update_instrument": {
        const { id, draft } = args as { id: string; draft: InstrumentDraft };
        if (draft.name === "Fout") {
          return Promise.reject(refused({ field: "sector_mode", code: "invalid_value", message: "Sectoren gelden als: kies focus of alleen deze.", message_en: "Sector mode: choose focus or only these." }));
        }
        const before = financier.instruments.find((i) => i.id === id)!;
        const updated = { ...before, sector_mode: draft.sector_mode as ListMode, stage_mode: draft.stage_mode as ListMode };
        financier = { ...financier, instruments: financier.instruments.map((i) => (i.id === id ? updated : i)) };
        return updated;
      }
      case "delete_contact":
        financier = { ...financier, contacts: [] };
        return null;
      case "verify_instrument": {
        const { id, sourceUrl } = args as { id: string; sourceUrl: string | null };
        if (!sourceUrl) {
          return Promise.reject(refused({ field: "source_url", code: "source_required", message: "Geef de bron die u hebt gecontroleerd (een webadres of document).", message_en: "Give the source you checked (a web address or document)." }));
        }
        financier = { ...financier, instruments: financier.instruments.map((i) => (i.id === id ? { ...i, verified_on: "2026-12-07", source_url: sourceUrl } : i)) };
        return financier.instruments.find((i) => i.id === id);
      }
    }
    throw new Error(cmd);
  });
});

afterEach(tearDown);

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector);

function type(testid: string, text: string): void {
  typeInto($<HTMLInputElement>(`[data-testid="${testid}"]`)!, text);
}

describe("Financier page", () => {
  it("says plainly that a guarantee is no money of its own, and shows the timeline", async () => {
    show(FinancierPage, { props: { id: "fin-1" } });
    await settle();
    expect(calls[0]).toEqual(["get_financier_page", { id: "fin-1" }]);
    expect($('[data-testid="instrument-guarantee"]')!.textContent).toBe("Garantie op een banklening — geen eigen geld");
    expect($('[data-testid="financier-timeline"]')!.textContent).toContain("Financier toegevoegd");
  });

  it("edits the financier and shows the core's field errors under the fields", async () => {
    show(FinancierPage, { props: { id: "fin-1" } });
    await settle();
    $<HTMLButtonElement>('[data-testid="financier-edit"]')!.click();
    await settle();
    expect($<HTMLInputElement>('[data-testid="field-name"]')!.value).toBe("Borgstellingsfonds Utrecht");
    type("field-name", "");
    $<HTMLButtonElement>('[data-testid="chip-UT"]')!.click();
    flushSync();
    $<HTMLButtonElement>('[data-testid="financier-form-save"]')!.click();
    await settle();
    expect(calls.find(([c]) => c === "update_financier")![1]).toEqual({
      id: "fin-1",
      draft: { name: null, financier_type: "rom", regions: [], website: null, notes: null },
    });
    const errors = [...document.querySelectorAll('[data-testid="field-error"]')].map((e) => e.getAttribute("data-field"));
    expect(errors).toEqual(["name", "regions"]);
    expect(document.activeElement?.getAttribute("data-testid")).toBe("field-name");
  });

  it("adds an instrument (ticket in euro text) and the timeline names it", async () => {
    show(FinancierPage, { props: { id: "fin-1" } });
    await settle();
    $<HTMLButtonElement>('[data-testid="instrument-add"]')!.click();
    await settle();
    type("field-instrument_name", "Groeifonds");
    type("field-ticket_min_eur", "50k");
    $<HTMLButtonElement>('[data-testid="chip-equity"]')!.click();
    // A new instrument's lists are a mandate until said otherwise.
    expect($<HTMLInputElement>('[data-testid="field-sector_mode-exclusive"]')!.checked).toBe(true);
    expect($<HTMLInputElement>('[data-testid="field-stage_mode-exclusive"]')!.checked).toBe(true);
    $<HTMLInputElement>('[data-testid="field-sector_mode-focus"]')!.click();
    flushSync();
    $('[data-testid="instrument-form"]')!.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", ctrlKey: true, bubbles: true }));
    await settle();
    const [, args] = calls.find(([c]) => c === "add_instrument")!;
    expect(args).toMatchObject({
      financierId: "fin-1",
      draft: { name: "Groeifonds", capital_types: ["equity"], ticket_min_eur: "50k", ticket_max_eur: null, sector_mode: "focus", stage_mode: "exclusive" },
    });
    expect($('[data-testid="instrument-form"]')).toBeNull();
    expect(document.querySelectorAll('[data-testid="instrument"]')).toHaveLength(2);
    expect($('[data-testid="financier-timeline"]')!.textContent).toContain("Instrument toegevoegd: Groeifonds");
  });

  it("shows beside the sectors and stages whether they are a focus or the only ones", async () => {
    const rom: Instrument = { ...financier.instruments[0], id: "ins-rom", name: "Participatiefonds", capital_types: ["equity"], sectors: ["energy", "other"], sector_mode: "focus", stages: ["seed"], stage_mode: "exclusive" };
    financier = { ...financier, instruments: [financier.instruments[0], rom] };
    show(FinancierPage, { props: { id: "fin-1" } });
    await settle();
    const [guarantee, card] = [...document.querySelectorAll<HTMLElement>('[data-testid="instrument"]')];
    const sectorMode = card.querySelector<HTMLElement>('[data-testid="instrument-sector-mode"]')!;
    expect(sectorMode.dataset.mode).toBe("focus");
    expect(sectorMode.textContent).toBe("— focus (investeert ook daarbuiten)");
    expect(sectorMode.closest("dd")!.textContent).toContain("Energie");
    const stageMode = card.querySelector<HTMLElement>('[data-testid="instrument-stage-mode"]')!;
    expect(stageMode.dataset.mode).toBe("exclusive");
    expect(stageMode.textContent).toBe("— alleen deze fasen");
    // No list, no mode: "alle sectoren" says it all.
    expect(guarantee.querySelector('[data-testid="instrument-sector-mode"]')).toBeNull();
    expect(guarantee.querySelector('[data-testid="instrument-stage-mode"]')).toBeNull();
    setLanguage("en");
    flushSync();
    expect(sectorMode.textContent).toBe("— focus (invests in others too)");
    expect(stageMode.textContent).toBe("— only these stages");
  });

  it("shows the register's rules and uncertainty in English on the English side, the Dutch where no English is given", async () => {
    const withTexts: Instrument = {
      ...financier.instruments[0],
      rules: "kan BMKB- en GO-borgstellingen gebruiken",
      rules_en: "can use BMKB and GO guarantees",
      uncertainty: "ticketgrenzen onbekend",
      uncertainty_en: null,
    };
    financier = { ...financier, instruments: [withTexts] };
    show(FinancierPage, { props: { id: "fin-1" } });
    await settle();
    const card = $('[data-testid="instrument"]')!;
    const rules = () => card.querySelector('[data-field="rules"]')!.textContent;
    const note = () => card.querySelector('[data-testid="instrument-uncertainty"]')!.textContent;
    expect(rules()).toBe("kan BMKB- en GO-borgstellingen gebruiken");
    expect(note()).toBe("ticketgrenzen onbekend");
    setLanguage("en");
    flushSync();
    expect(rules()).toBe("can use BMKB and GO guarantees");
    expect(note()).toBe("ticketgrenzen onbekend");
  });

  it("edits an instrument's modes from their stored values and sends them as sector_mode and stage_mode", async () => {
    const rom: Instrument = { ...financier.instruments[0], capital_types: ["equity"], sectors: ["energy"], sector_mode: "focus", stages: ["seed"], stage_mode: "focus" };
    financier = { ...financier, instruments: [rom] };
    show(FinancierPage, { props: { id: "fin-1" } });
    await settle();
    $<HTMLButtonElement>('[data-testid="instrument-edit"]')!.click();
    await settle();
    const radio = (testid: string) => $<HTMLInputElement>(`[data-testid="${testid}"]`)!;
    expect(radio("field-sector_mode-focus").checked).toBe(true);
    expect(radio("field-stage_mode-focus").checked).toBe(true);
    expect($('[data-testid="field-sector_mode"]')!.textContent).toContain("Focus: investeert ook daarbuiten");
    expect($('[data-testid="field-sector_mode"]')!.textContent).toContain("Alleen deze sectoren");
    expect($('[data-testid="field-stage_mode"]')!.textContent).toContain("Focus: ook andere fasen");
    expect($('[data-testid="field-stage_mode"]')!.textContent).toContain("Alleen deze fasen");
    radio("field-stage_mode-exclusive").click();
    flushSync();
    $<HTMLButtonElement>('[data-testid="instrument-form-save"]')!.click();
    await settle();
    expect(calls.find(([c]) => c === "update_instrument")![1]).toMatchObject({ id: "ins-1", draft: { sector_mode: "focus", stage_mode: "exclusive" } });
    expect($('[data-testid="instrument-form"]')).toBeNull();
    expect($('[data-testid="instrument-stage-mode"]')!.textContent).toBe("— alleen deze fasen");
    expect($('[data-testid="instrument-sector-mode"]')!.textContent).toBe("— focus (investeert ook daarbuiten)");
  });

  it("shows the core's error on sector_mode under the choice and focuses it", async () => {
    show(FinancierPage, { props: { id: "fin-1" } });
    await settle();
    $<HTMLButtonElement>('[data-testid="instrument-edit"]')!.click();
    await settle();
    type("field-instrument_name", "Fout");
    $<HTMLButtonElement>('[data-testid="instrument-form-save"]')!.click();
    await settle();
    const errors = [...document.querySelectorAll<HTMLElement>('[data-testid="field-error"]')];
    expect(errors.map((e) => e.dataset.field)).toEqual(["sector_mode"]);
    expect(errors[0].textContent).toContain("Sectoren gelden als: kies focus of alleen deze.");
    expect($('[data-testid="field-sector_mode"]')!.dataset.invalid).toBe("true");
    expect($('[data-testid="error-banner"]')!.textContent).toContain("Sectoren gelden als");
    expect(document.activeElement?.getAttribute("data-testid")).toBe("field-sector_mode-exclusive");
  });

  it("deletes a contact after confirming", async () => {
    show(FinancierPage, { props: { id: "fin-1" } });
    await settle();
    $<HTMLButtonElement>('[data-testid="contact-delete"]')!.click();
    flushSync();
    $<HTMLButtonElement>('[data-testid="contact-delete-confirm"]')!.click();
    await settle();
    expect(calls.find(([c]) => c === "delete_contact")![1]).toEqual({ id: "con-1" });
    expect($('[data-testid="contact-row"]')).toBeNull();
  });

  it("records 'vandaag geverifieerd' with the source checked, and refuses it without one", async () => {
    financier = { ...financier, instruments: [{ ...financier.instruments[0], source_url: null, verified_on: null }] };
    show(FinancierPage, { props: { id: "fin-1" } });
    await settle();
    expect($('[data-testid="instrument"]')!.textContent).toContain("niet geverifieerd");
    $<HTMLButtonElement>('[data-testid="instrument-verify"]')!.click();
    flushSync();
    expect($<HTMLInputElement>('[data-testid="instrument-verify-source"]')!.value).toBe("");
    $<HTMLButtonElement>('[data-testid="instrument-verify-confirm"]')!.click();
    await settle();
    expect(calls.find(([c]) => c === "verify_instrument")![1]).toEqual({ id: "ins-1", sourceUrl: null });
    expect($('[data-testid="action-error"]')!.textContent).toContain("Controleer de invoer");
    type("instrument-verify-source", "https://www.rvo.nl/bmkb");
    $<HTMLButtonElement>('[data-testid="instrument-verify-confirm"]')!.click();
    await settle();
    expect(calls.filter(([c]) => c === "verify_instrument").at(-1)![1]).toEqual({ id: "ins-1", sourceUrl: "https://www.rvo.nl/bmkb" });
    expect($('[data-testid="instrument-verify-form"]')).toBeNull();
    expect($('[data-testid="instrument"]')!.textContent).toContain("07-12-2026");
    expect($('[data-testid="instrument"]')!.textContent).not.toContain("niet geverifieerd");
  });

  it("lists the cases the financier answered and how", async () => {
    const answers = [
      { case_id: "c1", case_number: "2026-0007", company_name: "Bakkerij De Korenaar", case_status: "financed", status: "committed", decline_reason: null, amount_cents: 25_000_000, status_date: "2026-10-02" },
      { case_id: "c2", case_number: "2026-0003", company_name: "Smederij Ros", case_status: "not_financed", status: "declined", decline_reason: "solvency", amount_cents: null, status_date: "2026-09-12" },
      { case_id: "c3", case_number: "2025-0040", company_name: "Kaasmakerij Jong", case_status: "closed", status: "declined", decline_reason: "outside_mandate_region", amount_cents: null, status_date: "2025-12-01" },
    ];
    mockIPC((cmd) => (cmd === "get_financier_page" ? { financier, history, timeline: timelineOf(history), answers } : null));
    show(FinancierPage, { props: { id: "fin-1" } });
    await settle();
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="financier-answer"]')];
    expect(rows.map((r) => r.dataset.status)).toEqual(["committed", "declined", "declined"]);
    expect(rows[0].textContent).toContain("2026-0007");
    expect(rows[0].textContent).toContain("€ 250.000");
    expect(rows[1].textContent).toContain("Afgewezen — solvabiliteit te laag");
    expect(rows[1].textContent).toContain("12-09-2026");
    expect(rows[0].querySelector("a")!.getAttribute("href")).toBe("#/cases/c1");
    expect($('[data-testid="financier-answers-tally"]')!.textContent).toBe("2 afgewezen · 1 toegezegd");
  });
});
