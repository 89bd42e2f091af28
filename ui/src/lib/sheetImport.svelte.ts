// What the case import and the register import share: a file, a column mapping the core guesses
// and the user corrects, a preview, a mode for bad rows, and the import's report.

import type { ColumnMapping } from "./bindings/ColumnMapping";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { ImportField } from "./bindings/ImportField";
import type { ImportMode } from "./bindings/ImportMode";
import { track } from "./busy";
import { type Operation, watched } from "./operation.svelte";
import { language } from "./lang.svelte";

/** A column mapping as both imports send it (`CaseColumnMapping`, `RegisterColumnMapping`). */
export interface SheetMapping {
  columns: ColumnMapping[];
}

/** The mapping with `column` filling `field` (null: not imported). A field fills one column only,
 *  so a column that had it before lets go of it. */
export function updateMapping<M extends SheetMapping>(mapping: M, column: string, field: string | null): M {
  return {
    ...mapping,
    columns: mapping.columns.map((entry) => {
      if (entry.column === column) return { column: entry.column, field };
      if (field !== null && entry.field === field) return { column: entry.column, field: null };
      return { ...entry };
    }),
  };
}

/** A field's label in the current language (the path itself when unknown). */
export function importFieldLabel(fields: readonly ImportField[], path: string): string {
  const field = fields.find((f) => f.path === path);
  if (!field) return path;
  return language.current === "en" ? field.label_en : field.label_nl;
}

/** One tile of an import preview's counts; `key` names its `data-` attribute. */
export interface ImportStat {
  key: string;
  n: number;
  label: string;
  tone: "" | "ok" | "warn" | "bad";
}

/** What an import did, in lines (the first, what was imported), and its counts as `data-` attributes. */
export interface ImportSummary {
  lines: string[];
  data: Record<string, number>;
}

/** A column of the sample table: its heading and the text of one row (empty shows as "—"). */
export interface SampleColumn<R> {
  head: string;
  cell: (row: R) => string | null | undefined;
  kind?: "num" | "name";
}

/** The core commands behind one kind of import. */
export interface SheetImportApi<M extends SheetMapping, P extends { mapping: M }, R> {
  fields: () => Promise<ImportField[]>;
  /** `mapping` null: the core guesses it from the headers. */
  /** `operation`: the id the core's progress events carry (the register import does not report). */
  preview: (path: string, mapping: M | null, operation: string) => Promise<P>;
  run: (path: string, mapping: M | null, mode: ImportMode, operation: string) => Promise<R>;
}

/** The state of one kind of import on the import page. */
export class SheetImportModel<M extends SheetMapping, P extends { mapping: M }, R> {
  path = $state("");
  fields = $state.raw<ImportField[]>([]);
  /** The last preview that succeeded. */
  preview = $state.raw<P | null>(null);
  /** The mapping shown and used: the preview's, then as the user changes it. */
  mapping = $state.raw<M | null>(null);
  mode = $state<ImportMode>("valid_rows");
  report = $state.raw<R | null>(null);
  /** Why the last preview or import failed (with `rows` for `import_rows_invalid`). */
  error = $state.raw<ErrorPayload | null>(null);
  working = $state(false);
  /** The preview or import running now, with its progress. */
  operation = $state.raw<Operation | null>(null);
  /** What the running operation is: the bar shows where it was started. */
  running = $state<"preview" | "import" | null>(null);
  /** The last import was cancelled (nothing was imported). */
  cancelled = $state(false);

  #sequence = 0;
  #api: SheetImportApi<M, P, R>;

  constructor(api: SheetImportApi<M, P, R>) {
    this.#api = api;
  }

  async loadFields(): Promise<void> {
    if (this.fields.length > 0) return;
    try {
      this.fields = await track(this.#api.fields());
    } catch (err) {
      this.error = err as ErrorPayload;
    }
  }

  /** A new file: what was shown for the old one goes. */
  setPath(path: string): void {
    if (path === this.path) return;
    this.path = path;
    this.preview = null;
    this.mapping = null;
    this.report = null;
    this.error = null;
  }

  /** Reads the file and shows what an import would do; the first time the core guesses the mapping. */
  async runPreview(): Promise<void> {
    const path = this.path.trim();
    if (path === "") return;
    const sequence = ++this.#sequence;
    this.working = true;
    this.report = null;
    try {
      const preview = await track(this.#watch(sequence, "preview", (id) => this.#api.preview(path, this.mapping, id)));
      if (sequence !== this.#sequence) return;
      this.preview = preview;
      this.mapping = preview.mapping;
      this.error = null;
    } catch (err) {
      if (sequence === this.#sequence) this.#failed(err as ErrorPayload);
    } finally {
      if (sequence === this.#sequence) this.working = false;
    }
  }

  /** Runs a command as a watched operation while it is the latest one started. */
  #watch<T>(sequence: number, kind: "preview" | "import", work: (operationId: string) => Promise<T>): Promise<T> {
    this.cancelled = false;
    return watched(work, (started) => {
      if (sequence === this.#sequence) {
        this.operation = started;
        this.running = kind;
      }
    }).finally(() => {
      if (sequence === this.#sequence) {
        this.operation = null;
        this.running = null;
      }
    });
  }

  /** A cancel is not an error: it is said as what it is. */
  #failed(err: ErrorPayload): void {
    this.cancelled = err.code === "cancelled";
    this.error = this.cancelled ? null : err;
  }

  /** Changes which field a column fills and previews again. */
  async setField(column: string, field: string | null): Promise<void> {
    if (!this.mapping) return;
    this.mapping = updateMapping(this.mapping, column, field);
    await this.runPreview();
  }

  /** Imports with the mapping shown; in all-or-nothing mode bad rows make it refuse (`import_rows_invalid`). */
  async runImport(): Promise<void> {
    const path = this.path.trim();
    if (path === "" || !this.preview) return;
    const sequence = ++this.#sequence;
    this.working = true;
    try {
      const report = await track(this.#watch(sequence, "import", (id) => this.#api.run(path, this.mapping, this.mode, id)));
      if (sequence !== this.#sequence) return;
      this.report = report;
      this.preview = null;
      this.error = null;
    } catch (err) {
      if (sequence === this.#sequence) {
        this.#failed(err as ErrorPayload);
        this.report = null;
      }
    } finally {
      if (sequence === this.#sequence) this.working = false;
    }
  }
}
