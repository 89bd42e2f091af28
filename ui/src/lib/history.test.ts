import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChangeEntry } from "./bindings/ChangeEntry";
import { changeLines, entryTitle, viaLabel } from "./history";
import { setLanguage } from "./i18n";
import { setTaxonomy } from "./taxonomy.svelte";
import { taxonomy } from "../test/fixtures";

const entry = (over: Partial<ChangeEntry>): ChangeEntry => ({
  id: "e1",
  entity: "case",
  entity_id: "case-1",
  action: "update",
  changes: {},
  at: "2026-03-01T10:00:00Z",
  author: "marieke",
  source: "ui",
  ...over,
});

beforeEach(() => setTaxonomy(taxonomy));
afterEach(() => setLanguage("nl"));

describe("timeline lines", () => {
  it("shows case changes old → new in Dutch formatting", () => {
    const lines = changeLines(
      entry({
        changes: {
          amount_cents: [25_000_000, 120_000_000],
          status: ["intake", "screening"],
          consent_until: [null, "2026-11-21"],
          capital_types: [["senior_loan"], ["senior_loan", "equity"]],
          updated_at: ["a", "b"],
        },
      }),
    );
    expect(lines).toEqual([
      { field: "amount_eur", label: "Gevraagd bedrag", before: "€ 250.000", after: "€ 1.200.000" },
      { field: "status", label: "Status", before: "Intake", after: "Screening" },
      { field: "consent_until", label: "Toestemming tot", before: "—", after: "21-11-2026" },
      {
        field: "capital_types",
        label: "Kapitaalsoorten",
        before: "Bancaire (investerings)lening",
        after: "Bancaire (investerings)lening, Eigen vermogen / participatie",
      },
    ]);
  });

  it("names company fields by their form path", () => {
    const lines = changeLines(
      entry({ entity: "company", changes: { kvk: ["71234567", "71234568"], province: ["UT", "NB"], natural_person: [false, true], id: [null, "x"] } }),
    );
    expect(lines.map((l) => [l.field, l.before, l.after])).toEqual([
      ["company.kvk", "71234567", "71234568"],
      ["company.province", "Utrecht", "Noord-Brabant"],
      ["company.natural_person", "nee", "ja"],
    ]);
    expect(lines[0].label).toBe("KvK-nummer");
  });

  it("reads an instrument's sector and stage mode with the core's labels", () => {
    const lines = changeLines(entry({ entity: "instrument", changes: { sector_mode: ["exclusive", "focus"], stage_mode: [null, "exclusive"] } }));
    expect(lines).toEqual([
      { field: "instrument.sector_mode", label: "Sectoren gelden als", before: "alleen deze", after: "focus (ook daarbuiten)" },
      { field: "instrument.stage_mode", label: "Fasen gelden als", before: "—", after: "alleen deze" },
    ]);
  });

  it("titles entries and names the surface, in the chosen language", () => {
    expect(entryTitle(entry({ action: "create" }))).toBe("Casus aangemaakt");
    expect(viaLabel("cli")).toBe("opdrachtregel");
    setLanguage("en");
    expect(entryTitle(entry({ entity: "company" }))).toBe("Company changed");
    expect(changeLines(entry({ changes: { status: ["intake", "financed"] } }))[0]).toMatchObject({ label: "Status", after: "Financed" });
  });
});

describe("plan entries", () => {
  it("titles a saved plan and lists its tranches as financier and amount, without the case id", () => {
    const saved = entry({
      entity: "plan",
      entity_id: "plan-1",
      action: "create",
      changes: {
        case_id: [null, "case-1"],
        need_cents: [null, 70_000_000],
        total_cents: [null, 70_000_000],
        tranches: [null, [{ financier: "ING", instrument_id: "ins-ing", capital_type: "senior_loan", amount_cents: 40_800_000, guarantee: null }, { financier: "Floryn", amount_cents: 29_200_000 }]],
      },
    });
    expect(entryTitle(saved)).toBe("Financieringsplan opgeslagen");
    expect(entryTitle({ ...saved, action: "update" })).toBe("Financieringsplan vervangen");
    const lines = changeLines(saved);
    expect(lines.map((l) => l.field)).toEqual(["need_eur", "total_eur", "tranches"]);
    expect(lines.map((l) => l.label)).toEqual(["Vraag", "Totaal", "Tranches"]);
    expect(lines[0].after).toBe("€ 700.000");
    expect(lines[2].after).toBe("ING € 408.000, Floryn € 292.000");
    setLanguage("en");
    expect(entryTitle(saved)).toBe("Financing plan saved");
  });
});
