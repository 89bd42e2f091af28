// The report's period: presets relative to today, dates as the table writes them (dd-mm-jjjj),
// file names for exports, and the few number formats the report needs beyond lib/format.

import type { ReportFormat } from "../../lib/bindings/ReportFormat";
import { formatCents, formatNumber } from "../../lib/format";

/** A first and last day (both included), as ISO dates. */
export interface Period {
  from: string;
  to: string;
}

export type PresetId = "thisYear" | "lastYear" | "thisQuarter" | "last12Months";

export const PRESETS: readonly PresetId[] = ["thisYear", "lastYear", "thisQuarter", "last12Months"];

const pad = (n: number) => String(n).padStart(2, "0");

/** A local calendar day as `2026-11-22`. */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The last day of a month (month 0–11). */
function lastDay(year: number, month: number): number {
  return new Date(year, month + 1, 0).getDate();
}

/** The period a preset stands for, seen from `today`. */
export function presetPeriod(id: PresetId, today: Date = new Date()): Period {
  const y = today.getFullYear();
  switch (id) {
    case "thisYear":
      return { from: `${y}-01-01`, to: `${y}-12-31` };
    case "lastYear":
      return { from: `${y - 1}-01-01`, to: `${y - 1}-12-31` };
    case "thisQuarter": {
      const first = Math.floor(today.getMonth() / 3) * 3;
      return { from: `${y}-${pad(first + 1)}-01`, to: `${y}-${pad(first + 3)}-${pad(lastDay(y, first + 2))}` };
    }
    case "last12Months": {
      // The day after the same day a year ago (29 February becomes 28 February first).
      const m = today.getMonth();
      const start = new Date(y - 1, m, Math.min(today.getDate(), lastDay(y - 1, m)) + 1);
      return { from: isoDay(start), to: isoDay(today) };
    }
  }
}

/** The preset a period equals (seen from `today`), if any. */
export function presetOf(period: Period, today: Date = new Date()): PresetId | null {
  return PRESETS.find((id) => {
    const p = presetPeriod(id, today);
    return p.from === period.from && p.to === period.to;
  }) ?? null;
}

/** `2026-01-31` → `31-01-2026` (for the text fields). */
export function toDutch(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

const EXTENSIONS: Record<ReportFormat, string> = { xlsx: "xlsx", pdf: "pdf", json: "json" };

/** The file name an export proposes: `tafel-rapportage-2026-01-01-tm-2026-12-31.xlsx`. */
export function defaultFileName(period: Period, format: ReportFormat): string {
  return `tafel-rapportage-${period.from}-tm-${period.to}.${EXTENSIONS[format]}`;
}

/** A typed path with the extension of the format: `rapport.xlsx` → `rapport.pdf`. */
export function withExtension(path: string, format: ReportFormat): string {
  const ext = EXTENSIONS[format];
  if (/\.(xlsx|pdf|json)$/i.test(path)) return path.replace(/\.(xlsx|pdf|json)$/i, `.${ext}`);
  return `${path}.${ext}`;
}

/** A share 0–1 as `62%`; `—` when there is none. */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "—";
  return `${Math.round(share * 100)}%`;
}

/** Euros short for chart axes: `€ 1,5 mln`, `€ 250k`, `€ 900`. */
export function formatCentsShort(cents: number): string {
  const euros = cents / 100;
  if (Math.abs(euros) >= 1_000_000) {
    const m = Math.round(euros / 100_000) / 10;
    return `€ ${String(m).replace(".", ",")} mln`;
  }
  if (Math.abs(euros) >= 10_000) return `€ ${formatNumber(Math.round(euros / 1000))}k`;
  return formatCents(Math.round(euros) * 100);
}
