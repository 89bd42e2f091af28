// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ReportExport } from "../../lib/bindings/ReportExport";
import type { TableFigures } from "../../lib/bindings/TableFigures";
import ReportPage from "./ReportPage.svelte";
import { settle, typeInto } from "../../test/dom";
import { calls, record } from "../../test/ipc";
import { refused } from "../../test/fixtures";
import { show, tearDown } from "../../test/mount";

// jsdom draws nothing on a canvas, so Chart.js is replaced by a recorder of what it was asked
// to draw: the test checks the charts' labels and values, not pixels.
const charts = vi.hoisted(() => ({ made: [] as { config: { type: string; data: { labels: string[]; datasets: { label: string; data: unknown[] }[] }; options: { indexAxis: string } }; destroyed: boolean }[] }));
vi.mock("chart.js", () => {
  class Chart {
    static register(): void {}
    config: unknown;
    destroyed = false;
    constructor(_canvas: unknown, config: unknown) {
      this.config = config;
      charts.made.push(this as never);
    }
    destroy(): void {
      this.destroyed = true;
    }
  }
  return { Chart, BarController: {}, BarElement: {}, CategoryScale: {}, LinearScale: {}, Tooltip: {}, Legend: {} };
});

const figures: TableFigures = {
  from: "2026-01-01",
  to: "2026-12-31",
  cases_in: 53,
  presented: 42,
  outcomes: { financed: 4, partly_financed: 3, not_financed: 0, referred: 3, withdrawn: 2, total: 12 },
  requested_cents: 11_907_200_000,
  mobilised_cents: 790_000_000,
  financed_need_cents: 955_000_000,
  success_rate: 0.7,
  median_days_to_outcome: 62.5,
  referrals: 5,
  referral_receivers: 4,
  meetings: 4,
  financiers_responding: 25,
  by_capital_type: [
    { capital_type: "senior_loan", label_nl: "Bancaire (investerings)lening", label_en: "Senior term loan", cases_requesting: 24, requested_cents: 9_325_000_000, mobilised_cents: 460_000_000, tranches: 5 },
    { capital_type: "lease", label_nl: "Lease", label_en: "Lease", cases_requesting: 7, requested_cents: 784_500_000, mobilised_cents: 150_000_000, tranches: 4 },
    { capital_type: "guarantee", label_nl: "Borgstelling / garantie", label_en: "Guarantee (e.g. BMKB, GO)", cases_requesting: 12, requested_cents: 2_690_000_000, mobilised_cents: 0, tranches: 0 },
  ],
  by_financier_type: [
    { financier_type: "bank", label_nl: "Bank", label_en: "Bank", mobilised_cents: 610_000_000, tranches: 9, cases: 6 },
    { financier_type: "rom_fund", label_nl: "Fonds van een ROM", label_en: "ROM fund", mobilised_cents: 120_000_000, tranches: 2, cases: 1 },
  ],
  decline_reasons: [
    { reason: "ticket_too_large", label_nl: "Ticket te groot", label_en: "Ticket too large", count: 3 },
    { reason: "solvency", label_nl: "Solvabiliteit te laag", label_en: "Solvency", count: 1 },
  ],
  declines: 4,
  quarters: [
    { year: 2026, quarter: 1, label_nl: "K1 2026", label_en: "Q1 2026", cases_in: 7, requested_cents: 835_000_000, financed: 2 },
    { year: 2026, quarter: 2, label_nl: "K2 2026", label_en: "Q2 2026", cases_in: 6, requested_cents: 3_635_000_000, financed: 3 },
    { year: 2026, quarter: 3, label_nl: "K3 2026", label_en: "Q3 2026", cases_in: 30, requested_cents: 7_148_700_000, financed: 2 },
    { year: 2026, quarter: 4, label_nl: "K4 2026", label_en: "Q4 2026", cases_in: 10, requested_cents: 288_500_000, financed: 0 },
  ],
  funnel: [
    { stage: "cases_in", label_nl: "Intake", label_en: "Intake", count: 53 },
    { stage: "presented", label_nl: "Besproken aan tafel", label_en: "Presented at the table", count: 38 },
    { stage: "positive_response", label_nl: "Positieve reactie", label_en: "Positive response", count: 37 },
    { stage: "financed", label_nl: "Gefinancierd", label_en: "Financed", count: 6 },
  ],
  follow_ups: {
    done: 13,
    jobs_kept: 315,
    jobs_created: 25,
    financing_closed: 13,
    financing_not_closed: 0,
    financing_unknown: 0,
    by_moment: [
      { months: 3, done: 6, jobs_kept: 198, jobs_created: 7, financing_closed: 6, financing_not_closed: 0, financing_unknown: 0 },
      { months: 6, done: 4, jobs_kept: 109, jobs_created: 13, financing_closed: 4, financing_not_closed: 0, financing_unknown: 0 },
      { months: 12, done: 3, jobs_kept: 8, jobs_created: 5, financing_closed: 3, financing_not_closed: 0, financing_unknown: 0 },
    ],
  },
};

/** A period without anything: zeroes, no rates. */
const empty: TableFigures = {
  ...figures,
  from: "2025-01-01",
  to: "2025-12-31",
  cases_in: 0,
  presented: 0,
  outcomes: { financed: 0, partly_financed: 0, not_financed: 0, referred: 0, withdrawn: 0, total: 0 },
  requested_cents: 0,
  mobilised_cents: 0,
  financed_need_cents: 0,
  success_rate: null,
  median_days_to_outcome: null,
  referrals: 0,
  referral_receivers: 0,
  meetings: 0,
  financiers_responding: 0,
  by_capital_type: [],
  by_financier_type: [],
  decline_reasons: [],
  declines: 0,
  quarters: [1, 2, 3, 4].map((q) => ({ year: 2025, quarter: q, label_nl: `K${q} 2025`, label_en: `Q${q} 2025`, cases_in: 0, requested_cents: 0, financed: 0 })),
  funnel: figures.funnel.map((s) => ({ ...s, count: 0 })),
  follow_ups: { done: 0, jobs_kept: 0, jobs_created: 0, financing_closed: 0, financing_not_closed: 0, financing_unknown: 0, by_moment: [] },
};

/** What the native save dialog gives: a path, or null when cancelled. */
let chosen: string | null = null;

beforeEach(() => {
  document.body.innerHTML = "";
  chosen = null;
  charts.made.length = 0;
  record((cmd, a) => {
    switch (cmd) {
      case "table_figures":
        if (a.to === "gisteren")
          return Promise.reject(refused({ field: "to", code: "date", message: 'Einddatum "gisteren" is geen datum (gebruik dd-mm-jjjj).', message_en: "End date is not a date." }));
        return a.from === "01-01-2025" ? empty : figures;
      case "choose_file":
        return chosen;
      case "export_report":
        return { path: String(a.path), format: a.format as ReportExport["format"], bytes: 12_345 } satisfies ReportExport;
    }
    throw new Error(cmd);
  });
});

afterEach(tearDown);

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector);
const $$ = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)];
const text = (el: Element | null) => (el?.textContent ?? "").replace(/\s+/g, " ").trim();

function type(testid: string, value: string): void {
  typeInto($<HTMLInputElement>(`[data-testid="${testid}"]`)!, value);
}

const kpi = (name: string) => text($(`[data-testid="report-kpi"][data-kpi="${name}"] [data-testid="report-kpi-value"]`));
const chart = (type: string, axis: string) => charts.made.find((c) => !c.destroyed && c.config.options.indexAxis === axis && c.config.type === type);

describe("Report page", () => {
  it("opens on this year and shows the key figures, charts and tables from the core", async () => {
    show(ReportPage, { props: { today: new Date(2026, 10, 22) } });
    await settle();
    expect(calls[0]).toEqual(["table_figures", { from: "01-01-2026", to: "31-12-2026" }]);
    expect($<HTMLInputElement>('[data-testid="report-from"]')!.value).toBe("01-01-2026");
    expect($('[data-testid="report-preset-thisYear"]')!.getAttribute("aria-pressed")).toBe("true");
    expect(text($('[data-testid="report-period-line"]'))).toBe("1 januari 2026 – 31 december 2026");

    expect($$('[data-testid="report-kpi"]')).toHaveLength(8);
    expect(kpi("cases_in")).toBe("53");
    expect(kpi("financed")).toBe("7");
    expect(kpi("mobilised")).toBe("€ 7.900.000");
    expect(kpi("success_rate")).toBe("70%");
    expect(kpi("median_days")).toBe("63 dagen");
    expect(text($('[data-kpi="cases_in"]'))).toContain("€ 119.072.000 gevraagd");
    expect(text($('[data-kpi="success_rate"]'))).toContain("van 10 afgeronde casussen");

    // Three charts, each drawn by Chart.js with the figures and labels of the period.
    expect($$('[data-testid="report-chart"]').map((c) => c.dataset.chart)).toEqual(["quarters", "capital", "funnel"]);
    // Chart.js comes in its own chunk, loaded with the first chart.
    await vi.waitFor(() => expect(charts.made.filter((c) => !c.destroyed)).toHaveLength(3));
    const quarters = charts.made.find((c) => c.config.data.labels[0] === "K1 2026")!;
    expect(quarters.config.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ["Nieuwe casussen", [7, 6, 30, 10]],
      ["Gefinancierd", [2, 3, 2, 0]],
    ]);
    const capital = charts.made.find((c) => c.config.data.labels[0] === "Bancaire (investerings)lening")!;
    expect(capital.config.options.indexAxis).toBe("y");
    expect(capital.config.data.labels).toEqual(["Bancaire (investerings)lening", "Lease"]);
    expect(capital.config.data.datasets[0].data).toEqual([460_000_000, 150_000_000]);
    const funnel = charts.made.find((c) => c.config.data.labels[0] === "Intake")!;
    expect(funnel.config.data.datasets[0].data[3]).toEqual([-3, 3]);
    expect(chart("bar", "y")).toBeDefined();

    const table = (name: string) => $$(`[data-testid="report-table"][data-table="${name}"] tbody tr`).map((r) => [...r.querySelectorAll("td")].map((td) => text(td)));
    expect(table("capital")[0]).toEqual(["Bancaire (investerings)lening", "24", "€ 93.250.000", "€ 4.600.000"]);
    expect(table("financier")).toEqual([
      ["Bank", "9", "6", "€ 6.100.000"],
      ["Fonds van een ROM", "2", "1", "€ 1.200.000"],
    ]);
    expect(table("reasons")[0]).toEqual(["Ticket te groot", "3", "75%"]);
    expect(table("follow-ups")[0]).toEqual(["Na 3 maanden", "6", "198", "7", "6 / 6"]);
    expect(table("outcomes")[0]).toEqual(["Gefinancierd", "4", "33%"]);
  });

  it("shows an empty period as dashes and empty charts, never NaN", async () => {
    show(ReportPage, { props: { today: new Date(2026, 10, 22) } });
    await settle();
    $<HTMLButtonElement>('[data-testid="report-preset-lastYear"]')!.click();
    await settle();
    expect(calls.at(-1)).toEqual(["table_figures", { from: "01-01-2025", to: "31-12-2025" }]);
    expect(kpi("cases_in")).toBe("0");
    expect(kpi("success_rate")).toBe("—");
    expect(kpi("median_days")).toBe("—");
    expect(text($('[data-kpi="success_rate"]'))).toContain("nog geen afgeronde casussen");
    expect($$('[data-testid="report-chart-empty"]')).toHaveLength(3);
    expect(charts.made.filter((c) => !c.destroyed)).toHaveLength(0);
    expect(document.body.textContent).not.toContain("NaN");
    expect(document.body.textContent).not.toContain("Infinity");
  });

  it("shows the core's Dutch message under a bad date", async () => {
    show(ReportPage, { props: { today: new Date(2026, 10, 22) } });
    await settle();
    type("report-to", "gisteren");
    $<HTMLButtonElement>('[data-testid="report-apply"]')!.click();
    await settle();
    expect(text($('[data-testid="report-to"]')!.closest("label"))).toContain('Einddatum "gisteren" is geen datum');
    expect($('[data-testid="report-to"]')!.getAttribute("aria-invalid")).toBe("true");
    expect($$('[data-testid="report-kpi"]')).toHaveLength(8);
  });

  it("exports the shown period as Excel and PDF: a button with no file chosen opens the save dialog first, the path gets the format's extension", async () => {
    show(ReportPage, { props: { today: new Date(2026, 10, 22) } });
    await settle();
    const field = $<HTMLInputElement>('[data-testid="report-export-path"]')!;
    expect(field.readOnly).toBe(true);
    chosen = "/tmp/rapportage-2026";
    $<HTMLButtonElement>('[data-testid="report-export-xlsx"]')!.click();
    await settle();
    expect(calls.at(-2)).toEqual(["choose_file", { purpose: "report", suggested: "tafel-rapportage-2026-01-01-tm-2026-12-31.xlsx" }]);
    expect(field.value).toBe("/tmp/rapportage-2026.xlsx");
    expect(calls.at(-1)).toEqual(["export_report", { from: "2026-01-01", to: "2026-12-31", format: "xlsx", lang: "nl", path: "/tmp/rapportage-2026.xlsx", operation: expect.stringMatching(/^op-/) }]);
    expect(text($('[data-testid="report-export-result"]'))).toContain("Rapportage geschreven naar /tmp/rapportage-2026.xlsx");
    $<HTMLButtonElement>('[data-testid="report-export-pdf"]')!.click();
    await settle();
    expect(calls.at(-1)![1]).toMatchObject({ format: "pdf", path: "/tmp/rapportage-2026.pdf" });
    expect(calls.filter(([cmd]) => cmd === "choose_file")).toHaveLength(1);
  });

  it("exports nothing when the save dialog is cancelled, and says no more than that", async () => {
    show(ReportPage, { props: { today: new Date(2026, 10, 22) } });
    await settle();
    $<HTMLButtonElement>('[data-testid="report-export-pdf"]')!.click();
    await settle();
    expect(calls.at(-1)).toEqual(["choose_file", { purpose: "report", suggested: "tafel-rapportage-2026-01-01-tm-2026-12-31.pdf" }]);
    expect(calls.some(([cmd]) => cmd === "export_report")).toBe(false);
    expect($<HTMLInputElement>('[data-testid="report-export-path"]')!.value).toBe("");
    expect($$('[role="alert"]')).toHaveLength(0);
  });
});
