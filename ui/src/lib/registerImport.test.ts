import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import type { RegisterColumnMapping } from "./bindings/RegisterColumnMapping";
import { RegisterImportModel, registerList } from "./registerImport.svelte";
import { updateMapping } from "./sheetImport.svelte";
import { registerImportFields, registerPreview, registerReport } from "../test/fixtures";

afterEach(() => clearMocks());

describe("register import mapping", () => {
  it("moves a register field from one column to another", () => {
    const next = updateMapping(registerPreview.mapping, "Contactpersoon", "uncertain");
    expect(next.columns[6]).toEqual({ column: "Contactpersoon", field: "uncertain" });
    const moved = updateMapping(next, "Fonds", "name");
    expect(moved.columns.map((c) => c.field)).toEqual([null, "name", "financier_type", "regions", "capital_types", "ticket_max_eur", "uncertain"]);
  });

  it("reads the list fields of a register row", () => {
    expect(registerList(registerPreview.sample[0].entry, "capital_types")).toEqual(["senior_loan", "equity"]);
    expect(registerList(registerPreview.sample[0].entry, "stages")).toEqual([]);
  });
});

describe("register import model", () => {
  it("loads the register fields, previews with a guessed mapping, then with the changed one", async () => {
    const calls: [string, Record<string, unknown>][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      if (cmd === "register_import_fields") return registerImportFields;
      const given = (args as { mapping: RegisterColumnMapping | null }).mapping;
      return { ...registerPreview, mapping: given ?? registerPreview.mapping, mapping_guessed: given === null };
    });
    const model = new RegisterImportModel();
    await model.loadFields();
    expect(model.fields.map((f) => f.path)).toContain("financier_type");
    model.setPath("/data/financiers.xlsx");
    await model.runPreview();
    expect(calls[1]).toEqual(["preview_register_import", { path: "/data/financiers.xlsx", mapping: null }]);
    expect(model.preview?.errors.map((e) => e.line)).toEqual([5, 8]);

    await model.setField("Contactpersoon", "uncertain");
    expect(calls[2][0]).toBe("preview_register_import");
    expect((calls[2][1].mapping as RegisterColumnMapping).columns[6]).toEqual({ column: "Contactpersoon", field: "uncertain" });
    expect(model.preview?.mapping_guessed).toBe(false);
  });

  it("imports with the mapping and mode shown, and keeps the preview when all-or-nothing is refused", async () => {
    const calls: [string, Record<string, unknown>][] = [];
    let refuse = true;
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      if (cmd === "preview_register_import") return registerPreview;
      if (refuse) {
        return Promise.reject({
          code: "import_rows_invalid",
          message: "2 regels zijn ongeldig; er is niets geïmporteerd.",
          message_en: "2 rows are invalid; nothing was imported.",
          fields: [],
          rows: registerPreview.errors,
        });
      }
      return registerReport;
    });
    const model = new RegisterImportModel();
    model.setPath("/data/financiers.csv");
    await model.runPreview();
    model.mode = "all_or_nothing";
    await model.runImport();
    expect(calls[1]).toEqual(["import_register", { path: "/data/financiers.csv", mapping: registerPreview.mapping, mode: "all_or_nothing" }]);
    expect(model.error?.rows.map((r) => r.line)).toEqual([5, 8]);
    expect(model.preview).not.toBeNull();

    refuse = false;
    model.mode = "valid_rows";
    await model.runImport();
    expect(calls[2][1]).toMatchObject({ mode: "valid_rows" });
    expect(model.report?.rows).toBe(5);
    expect(model.error).toBeNull();
    expect(model.preview).toBeNull();
  });
});
