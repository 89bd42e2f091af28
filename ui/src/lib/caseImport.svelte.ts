// The import page's state for case sheets: file, column mapping, preview, mode, and the import's report.

import { api } from "./api";
import type { CaseColumnMapping } from "./bindings/CaseColumnMapping";
import type { CaseImportPreview } from "./bindings/CaseImportPreview";
import type { CaseImportReport } from "./bindings/CaseImportReport";
import type { PreviewRow } from "./bindings/PreviewRow";
import { formatNumber } from "./format";
import { fieldLabel, t, tl } from "./i18n";
import { SheetImportModel, type ImportStat, type ImportSummary, type SampleColumn } from "./sheetImport.svelte";

export { importFieldLabel, updateMapping } from "./sheetImport.svelte";

export class CaseImportModel extends SheetImportModel<CaseColumnMapping, CaseImportPreview, CaseImportReport> {
  constructor() {
    super({
      fields: () => api.importFields(),
      preview: (path, mapping, operation) => api.previewCaseImport(path, mapping, operation),
      run: (path, mapping, mode, operation) => api.importCases(path, mapping, mode, operation),
    });
  }
}

/** The import page's state, kept while the user looks at an imported case. */
export const caseImport = new CaseImportModel();

/** A case sheet's preview counts: rows, new, duplicates, bad. */
export function caseImportStats(preview: CaseImportPreview): ImportStat[] {
  return [
    { key: "total", n: preview.total_rows, label: t("import.total"), tone: "" },
    { key: "new", n: preview.new_rows, label: t("import.new"), tone: "ok" },
    { key: "duplicates", n: preview.duplicates.length, label: t("import.duplicates"), tone: "warn" },
    { key: "errors", n: preview.errors.length, label: t("import.errors"), tone: "bad" },
  ];
}

/** What a case import did: imported, duplicates and bad rows skipped. */
export function caseImportSummary(report: CaseImportReport): ImportSummary {
  return {
    lines: [
      t("import.imported", { n: formatNumber(report.imported) }),
      t("import.skippedDuplicates", { n: formatNumber(report.skipped_duplicates) }),
      t("import.skippedErrors", { n: formatNumber(report.errors.length) }),
    ],
    data: { imported: report.imported, "skipped-duplicates": report.skipped_duplicates },
  };
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const label = (list: Parameters<typeof tl>[0], v: string | null | undefined): string | null => (v ? tl(list, v) : null);

/** The sample table's columns for a case sheet: the draft as Tafel reads it. */
export function caseSampleColumns(): SampleColumn<PreviewRow>[] {
  return [
    { head: fieldLabel("company.name"), cell: ({ draft }) => text(draft.company?.name), kind: "name" },
    { head: fieldLabel("company.kvk"), cell: ({ draft }) => text(draft.company?.kvk), kind: "num" },
    { head: fieldLabel("company.province"), cell: ({ draft }) => label("provinces", draft.company?.province) },
    { head: fieldLabel("amount_eur"), cell: ({ draft }) => text(draft.amount_eur), kind: "num" },
    { head: fieldLabel("capital_types"), cell: ({ draft }) => (draft.capital_types ?? []).map((c) => tl("capital_types", c)).join(", ") },
    { head: fieldLabel("purpose"), cell: ({ draft }) => label("purposes", draft.purpose) },
    { head: fieldLabel("stage"), cell: ({ draft }) => label("stages", draft.stage) },
    { head: fieldLabel("sector"), cell: ({ draft }) => label("sectors", draft.sector) },
    { head: fieldLabel("intake_date"), cell: ({ draft }) => text(draft.intake_date), kind: "num" },
  ];
}
