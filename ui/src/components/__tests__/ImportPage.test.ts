// @vitest-environment jsdom
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { flushSync, mount, unmount } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CaseColumnMapping } from "../../lib/bindings/CaseColumnMapping";
import type { CaseImportReport } from "../../lib/bindings/CaseImportReport";
import { caseImport } from "../../lib/caseImport.svelte";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { appInfo, importFields, preview, taxonomy } from "../../test/fixtures";
import ImportPage from "../import/ImportPage.svelte";

let component: ReturnType<typeof mount> | undefined;
let calls: [string, Record<string, unknown>][] = [];
let importResult: () => unknown;

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
  caseImport.setPath("");
  caseImport.fields = [];
  caseImport.mode = "valid_rows";
  calls = [];
  importResult = () => report;
  mockIPC((cmd, args) => {
    calls.push([cmd, args as Record<string, unknown>]);
    if (cmd === "import_fields") return importFields;
    if (cmd === "preview_case_import") {
      // As the core: the mapping used, and the required fields no column fills.
      const used = (args as { mapping: CaseColumnMapping | null }).mapping ?? preview.mapping;
      const filled = new Set(used.columns.map((c) => c.field));
      return { ...preview, mapping: used, missing_fields: importFields.filter((f) => f.required && !filled.has(f.path)).map((f) => f.path) };
    }
    if (cmd === "import_cases") return importResult();
    if (cmd === "app_info") return appInfo;
    throw new Error(cmd);
  });
});

afterEach(() => {
  if (component) unmount(component);
  component = undefined;
  clearMocks();
});

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector);

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  flushSync();
}

async function previewFile(): Promise<void> {
  component = mount(ImportPage, { target: document.body });
  await settle();
  const path = $<HTMLInputElement>('[data-testid="import-path"]')!;
  path.value = "/data/casussen.xlsx";
  path.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
  $<HTMLButtonElement>('[data-testid="import-preview"]')!.click();
  await settle();
}

describe("Import page", () => {
  it("shows the mapping, the statistics and every bad row with its row number, field and Dutch message", async () => {
    await previewFile();
    expect(calls.find(([c]) => c === "preview_case_import")![1]).toEqual({ path: "/data/casussen.xlsx", mapping: null });
    const stats = $('[data-testid="import-stats"]')!;
    expect([stats.dataset.total, stats.dataset.new, stats.dataset.duplicates, stats.dataset.errors]).toEqual(["200", "192", "1", "2"]);
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
