import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import type { CaseColumnMapping } from "./bindings/CaseColumnMapping";
import { CaseImportModel, updateMapping } from "./caseImport.svelte";
import { preview } from "../test/fixtures";

afterEach(() => clearMocks());

const mapping: CaseColumnMapping = preview.mapping;

describe("import mapping", () => {
  it("sets the field of one column and leaves the others", () => {
    const next = updateMapping(mapping, "Opmerking", "notes");
    expect(next.columns.map((c) => c.field)).toEqual(["company.name", "company.kvk", "company.province", "amount_eur", "notes"]);
    expect(mapping.columns[4].field).toBeNull(); // the old mapping is not changed
  });

  it("moves a field that another column had (a field fills one column only)", () => {
    const next = updateMapping(mapping, "Opmerking", "company.name");
    expect(next.columns.map((c) => c.field)).toEqual([null, "company.kvk", "company.province", "amount_eur", "company.name"]);
  });

  it("skips a column with null", () => {
    const next = updateMapping(mapping, "Bedrag", null);
    expect(next.columns[3]).toEqual({ column: "Bedrag", field: null });
    expect(next.columns.filter((c) => c.field !== null)).toHaveLength(3);
  });
});

describe("import model", () => {
  it("previews with a guessed mapping first, then again with the changed mapping", async () => {
    const calls: [string, Record<string, unknown>][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      const given = (args as { mapping: CaseColumnMapping | null }).mapping;
      return { ...preview, mapping: given ?? preview.mapping, mapping_guessed: given === null };
    });
    const model = new CaseImportModel();
    model.setPath("/data/casussen.xlsx");
    await model.runPreview();
    expect(calls[0]).toEqual(["preview_case_import", { path: "/data/casussen.xlsx", mapping: null, operation: expect.stringMatching(/^op-/) }]);
    expect(model.mapping).toEqual(mapping);

    await model.setField("Opmerking", "notes");
    expect(calls[1][0]).toBe("preview_case_import");
    expect((calls[1][1].mapping as CaseColumnMapping).columns[4]).toEqual({ column: "Opmerking", field: "notes" });
    expect(model.preview?.mapping_guessed).toBe(false);
    expect(model.mapping?.columns[4].field).toBe("notes");
  });

  it("a new file forgets the old preview and mapping", async () => {
    mockIPC(() => preview);
    const model = new CaseImportModel();
    model.setPath("/data/a.csv");
    await model.runPreview();
    model.setPath("/data/b.csv");
    expect(model.preview).toBeNull();
    expect(model.mapping).toBeNull();
  });

  it("imports with the mapping and mode shown; a refused all-or-nothing import keeps the preview and reports its rows", async () => {
    const calls: [string, Record<string, unknown>][] = [];
    const refused = {
      code: "import_rows_invalid",
      message: "2 regels zijn ongeldig; er is niets geïmporteerd.",
      message_en: "2 rows are invalid; nothing was imported.",
      fields: [],
      rows: preview.errors,
    };
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      if (cmd === "preview_case_import") return preview;
      return Promise.reject(refused);
    });
    const model = new CaseImportModel();
    model.setPath("/data/casussen.xlsx");
    await model.runPreview();
    model.mode = "all_or_nothing";
    await model.runImport();
    expect(calls[1]).toEqual(["import_cases", { path: "/data/casussen.xlsx", mapping, mode: "all_or_nothing", operation: expect.stringMatching(/^op-/) }]);
    expect(model.report).toBeNull();
    expect(model.error?.code).toBe("import_rows_invalid");
    expect(model.error?.rows.map((r) => r.line)).toEqual([14, 40]);
    expect(model.preview).not.toBeNull();
  });
});
