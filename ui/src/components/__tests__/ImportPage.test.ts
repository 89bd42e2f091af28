// @vitest-environment jsdom
import { mockIPC } from "@tauri-apps/api/mocks";
import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CaseColumnMapping } from "../../lib/bindings/CaseColumnMapping";
import type { CaseImportReport } from "../../lib/bindings/CaseImportReport";
import type { RegisterColumnMapping } from "../../lib/bindings/RegisterColumnMapping";
import { caseImport } from "../../lib/caseImport.svelte";
import { importKind, registerImport } from "../../lib/registerImport.svelte";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { appInfo, importFields, pathNotChosen, preview, registerImportFields, registerPreview, registerReport, taxonomy } from "../../test/fixtures";
import ImportPage from "../import/ImportPage.svelte";
import { settle } from "../../test/dom";
import { calls, record } from "../../test/ipc";
import { show, tearDown } from "../../test/mount";

let importResult: () => unknown;
/** What the native open dialog gives: a path, or null when cancelled. */
let chosen: string | null = null;
let registerResult: () => unknown;

const report: CaseImportReport = {
  mapping: preview.mapping,
  total_rows: 200,
  imported: 192,
  skipped_duplicates: 1,
  errors: preview.errors,
  duplicates: preview.duplicates,
  cases: [
    { row: 2, id: "case-a", case_number: "2026-0101" },
    { row: 3, id: "case-b", case_number: "2026-0102" },
  ],
};

beforeEach(() => {
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  importKind.current = "cases";
  for (const model of [caseImport, registerImport]) {
    model.setPath("");
    model.fields = [];
    model.mode = "valid_rows";
  }
  chosen = null;
  importResult = () => report;
  registerResult = () => registerReport;
  record((cmd, args) => {
    if (cmd === "import_fields") return importFields;
    if (cmd === "preview_case_import") {
      // As the core: the mapping used, and the required fields no column fills.
      const used = (args as { mapping: CaseColumnMapping | null }).mapping ?? preview.mapping;
      const filled = new Set(used.columns.map((c) => c.field));
      return { ...preview, mapping: used, missing_fields: importFields.filter((f) => f.required && !filled.has(f.path)).map((f) => f.path) };
    }
    if (cmd === "import_cases") return importResult();
    if (cmd === "register_import_fields") return registerImportFields;
    if (cmd === "preview_register_import") {
      const used = (args as { mapping: RegisterColumnMapping | null }).mapping ?? registerPreview.mapping;
      const filled = new Set(used.columns.map((c) => c.field));
      return { ...registerPreview, mapping: used, missing_fields: registerImportFields.filter((f) => f.required && !filled.has(f.path)).map((f) => f.path) };
    }
    if (cmd === "import_register") return registerResult();
    if (cmd === "app_info") return appInfo;
    if (cmd === "choose_file") return chosen;
    throw new Error(cmd);
  });
});

afterEach(tearDown);

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector);

async function previewFile(file = "/data/casussen.xlsx", kind: "cases" | "register" = "cases"): Promise<void> {
  show(ImportPage, {});
  await settle();
  if (kind === "register") {
    $<HTMLInputElement>('[data-testid="import-kind-register"]')!.click();
    await settle();
  }
  chosen = file;
  $<HTMLButtonElement>('[data-testid="import-path-browse"]')!.click();
  await settle();
  $<HTMLButtonElement>('[data-testid="import-preview"]')!.click();
  await settle();
}

describe("Import page", () => {
  it("shows the mapping, the statistics and every bad row with its row number, field and Dutch message", async () => {
    await previewFile();
    expect(calls.find(([c]) => c === "choose_file")![1]).toEqual({ purpose: "case_sheet", suggested: null });
    expect(calls.find(([c]) => c === "preview_case_import")![1]).toEqual({ path: "/data/casussen.xlsx", mapping: null, operation: expect.stringMatching(/^op-/) });
    const stats = $('[data-testid="import-stats"]')!;
    expect([stats.dataset.total, stats.dataset.new, stats.dataset.duplicates, stats.dataset.errors]).toEqual(["200", "192", "1", "2"]);
    // The character set the CSV was read in is said, so odd accents have an explanation.
    expect($('[data-testid="import-encoding"]')!.textContent).toBe("gelezen als Windows-1252");
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="import-error-row"]')];
    expect(rows.map((r) => r.dataset.row)).toEqual(["14", "40"]);
    expect(rows[0].textContent).toContain("KvK-nummer");
    expect(rows[0].textContent).toContain("moet uit precies 8 cijfers bestaan");
    expect(rows[0].textContent).toContain("Gevraagd bedrag is verplicht.");
    expect($('[data-testid="import-duplicate-row"]')!.textContent).toContain("Zelfde casus als regel 12");
    const selects = [...document.querySelectorAll<HTMLSelectElement>('[data-testid="import-field"]')];
    expect(selects.map((s) => s.value)).toEqual(["company.name", "company.kvk", "company.province", "amount_eur", ""]);
    expect(selects[0].options[0].textContent).toContain("niet importeren");
  });

  it("previews again when a column's field changes, and warns about a required field without a column", async () => {
    await previewFile();
    const amount = document.querySelectorAll<HTMLSelectElement>('[data-testid="import-field"]')[3];
    amount.value = "";
    amount.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    const previews = calls.filter(([c]) => c === "preview_case_import");
    expect(previews).toHaveLength(2);
    expect((previews[1][1].mapping as CaseColumnMapping).columns[3]).toEqual({ column: "Bedrag", field: null });
    expect($('[data-testid="import-missing"]')!.textContent).toContain("Gevraagd bedrag");
  });

  it("imports the valid rows and reports what was imported, with links to the new cases", async () => {
    await previewFile();
    $<HTMLButtonElement>('[data-testid="import-run"]')!.click();
    await settle();
    expect(calls.find(([c]) => c === "import_cases")![1]).toMatchObject({ path: "/data/casussen.xlsx", mode: "valid_rows" });
    const shown = $('[data-testid="import-report"]')!;
    expect(shown.dataset.imported).toBe("192");
    expect(shown.dataset.skippedDuplicates).toBe("1");
    expect(shown.textContent).toContain("192 casussen geïmporteerd");
    expect($('a[href="#/cases/case-a"]')!.textContent).toBe("2026-0101");
  });

  it("in all-or-nothing mode with bad rows shows the refusal and imports nothing", async () => {
    importResult = () =>
      Promise.reject({ code: "import_rows_invalid", message: "2 regels zijn ongeldig; er is niets geïmporteerd.", message_en: "", fields: [], rows: preview.errors });
    await previewFile();
    const all = $<HTMLInputElement>('[data-testid="import-mode-all"]')!;
    all.click();
    flushSync();
    $<HTMLButtonElement>('[data-testid="import-run"]')!.click();
    await settle();
    expect(calls.find(([c]) => c === "import_cases")![1]).toMatchObject({ mode: "all_or_nothing" });
    expect($('[data-testid="import-report"]')).toBeNull();
    const failed = $('[data-testid="import-failed"]')!;
    expect(failed.textContent).toContain("Niets geïmporteerd.");
    expect(failed.textContent).toContain("2 regels zijn ongeldig");
    expect(failed.querySelectorAll('[data-testid="import-error-row"]')).toHaveLength(2);
  });
});

describe("Import page, financier register", () => {
  it("offers cases and the register; cases come first", async () => {
    show(ImportPage, {});
    await settle();
    expect($<HTMLInputElement>('[data-testid="import-kind-cases"]')!.checked).toBe(true);
    expect($<HTMLInputElement>('[data-testid="import-kind-register"]')!.checked).toBe(false);
    expect($("h1")!.textContent).toBe("Casussen importeren");
    $<HTMLInputElement>('[data-testid="import-kind-register"]')!.click();
    await settle();
    expect($("h1")!.textContent).toBe("Financiersregister importeren");
    expect($('[data-testid="import-kind"]')!.dataset.kind).toBe("register");
    expect(calls.map(([c]) => c)).toContain("register_import_fields");
  });

  it("previews a register sheet: register fields in the mapping, statistics, every bad row with its row number", async () => {
    await previewFile("/data/financiers.xlsx", "register");
    expect(calls.find(([c]) => c === "preview_register_import")![1]).toEqual({ path: "/data/financiers.xlsx", mapping: null });
    expect(calls.some(([c]) => c === "preview_case_import")).toBe(false);
    const selects = [...document.querySelectorAll<HTMLSelectElement>('[data-testid="import-field"]')];
    expect(selects.map((s) => s.value)).toEqual(["name", "instrument_name", "financier_type", "regions", "capital_types", "ticket_max_eur", ""]);
    expect([...selects[2].options].map((o) => o.textContent)).toContain("Type financier *");
    const example = document.querySelectorAll<HTMLElement>('[data-testid="import-mapping-row"] .example');
    expect(example[0].textContent).toBe("Rabobank");
    const stats = $('[data-testid="import-stats"]')!;
    expect([stats.dataset.total, stats.dataset.new, stats.dataset.updated, stats.dataset.unchanged, stats.dataset.errors]).toEqual(["7", "4", "1", "0", "2"]);
    expect($('[data-testid="import-financier-stats"]')!.textContent).toContain("3 nieuw");
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="import-error-row"]')];
    expect(rows.map((r) => r.dataset.row)).toEqual(["5", "8"]);
    expect(rows[0].textContent).toContain("Type financier");
    expect(rows[0].textContent).toContain("pandjeshuis");
    const sample = $('[data-testid="import-sample"] tbody tr')!;
    expect(sample.textContent).toContain("Heel Nederland");
    expect(sample.textContent).toContain("Eigen vermogen / participatie");
    expect($('[data-testid="import-duplicate-row"]')).toBeNull();
  });

  it("a changed column previews again with the register mapping", async () => {
    await previewFile("/data/financiers.xlsx", "register");
    const type = document.querySelectorAll<HTMLSelectElement>('[data-testid="import-field"]')[2];
    type.value = "";
    type.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    const previews = calls.filter(([c]) => c === "preview_register_import");
    expect(previews).toHaveLength(2);
    expect((previews[1][1].mapping as RegisterColumnMapping).columns[2]).toEqual({ column: "Soort financier", field: null });
    expect($('[data-testid="import-missing"]')!.textContent).toContain("Type financier");
  });

  it("imports the valid rows and reports them", async () => {
    await previewFile("/data/financiers.xlsx", "register");
    $<HTMLButtonElement>('[data-testid="import-run"]')!.click();
    await settle();
    expect(calls.find(([c]) => c === "import_register")![1]).toMatchObject({ path: "/data/financiers.xlsx", mode: "valid_rows" });
    const shown = $('[data-testid="import-report"]')!;
    expect(shown.dataset.imported).toBe("5");
    expect(shown.textContent).toContain("5 regels geïmporteerd");
    expect(shown.textContent).toContain("Instrumenten: 4 nieuw, 1 gewijzigd, 0 ongewijzigd.");
    expect(shown.querySelectorAll('[data-testid="import-error-row"]')).toHaveLength(2);
  });

  it("in all-or-nothing mode with bad rows shows the refusal and imports nothing", async () => {
    registerResult = () =>
      Promise.reject({ code: "import_rows_invalid", message: "2 regels zijn ongeldig; er is niets geïmporteerd.", message_en: "", fields: [], rows: registerPreview.errors });
    await previewFile("/data/financiers.xlsx", "register");
    $<HTMLInputElement>('[data-testid="import-mode-all"]')!.click();
    flushSync();
    $<HTMLButtonElement>('[data-testid="import-run"]')!.click();
    await settle();
    expect(calls.find(([c]) => c === "import_register")![1]).toMatchObject({ mode: "all_or_nothing" });
    expect($('[data-testid="import-report"]')).toBeNull();
    const failed = $('[data-testid="import-failed"]')!;
    expect([...failed.querySelectorAll<HTMLElement>('[data-testid="import-error-row"]')].map((r) => r.dataset.row)).toEqual(["5", "8"]);
  });

  it("shows the chosen file read-only; the preview button with no file opens the open dialog for the kind shown", async () => {
    show(ImportPage, {});
    await settle();
    $<HTMLInputElement>('[data-testid="import-kind-register"]')!.click();
    await settle();
    const field = $<HTMLInputElement>('[data-testid="import-path"]')!;
    expect(field.readOnly).toBe(true);
    chosen = "/data/financiers.csv";
    $<HTMLButtonElement>('[data-testid="import-preview"]')!.click();
    await settle();
    expect(calls.filter(([c]) => c === "choose_file" || c === "preview_register_import").map(([c, a]) => [c, a.purpose ?? a.path])).toEqual([
      ["choose_file", "register_sheet"],
      ["preview_register_import", "/data/financiers.csv"],
    ]);
    expect(field.value).toBe("/data/financiers.csv");
    expect($('[data-testid="import-stats"]')).not.toBeNull();
  });

  it("leaves the file and its preview as they were when the dialog is cancelled", async () => {
    await previewFile("/data/casussen.xlsx");
    chosen = null;
    $<HTMLButtonElement>('[data-testid="import-path-browse"]')!.click();
    await settle();
    expect($<HTMLInputElement>('[data-testid="import-path"]')!.value).toBe("/data/casussen.xlsx");
    expect($('[data-testid="import-stats"]')).not.toBeNull();
    expect(calls.filter(([c]) => c === "preview_case_import")).toHaveLength(1);
  });

  it("drops the old file's preview when another file is chosen, and shows a refused path like other errors", async () => {
    await previewFile("/data/casussen.xlsx");
    chosen = "/data/ander.xlsx";
    $<HTMLButtonElement>('[data-testid="import-path-browse"]')!.click();
    await settle();
    expect($('[data-testid="import-stats"]')).toBeNull();
    mockIPC((cmd) => (cmd === "preview_case_import" ? Promise.reject(pathNotChosen) : null));
    $<HTMLButtonElement>('[data-testid="import-preview"]')!.click();
    await settle();
    const error = $('[data-testid="import-error"]')!;
    expect(error.dataset.code).toBe("invalid_input");
    expect(error.textContent).toContain("Bladeren");
  });

  it("keeps each kind's file and preview when switching back and forth", async () => {
    await previewFile("/data/casussen.xlsx");
    $<HTMLInputElement>('[data-testid="import-kind-register"]')!.click();
    await settle();
    expect($<HTMLInputElement>('[data-testid="import-path"]')!.value).toBe("");
    expect($('[data-testid="import-stats"]')).toBeNull();
    $<HTMLInputElement>('[data-testid="import-kind-cases"]')!.click();
    await settle();
    expect($<HTMLInputElement>('[data-testid="import-path"]')!.value).toBe("/data/casussen.xlsx");
    expect($('[data-testid="import-stats"]')!.dataset.duplicates).toBe("1");
  });
});
