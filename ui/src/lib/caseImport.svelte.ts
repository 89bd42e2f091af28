// The import page's state for case sheets: file, column mapping, preview, mode, and the import's report.

import { api } from "./api";
import type { CaseColumnMapping } from "./bindings/CaseColumnMapping";
import type { CaseImportPreview } from "./bindings/CaseImportPreview";
import type { CaseImportReport } from "./bindings/CaseImportReport";
import { SheetImportModel } from "./sheetImport.svelte";

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
