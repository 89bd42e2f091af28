// What a report chart shows, without Chart.js itself (which charts.ts loads only when a chart
// is drawn, so the rest of the app does not carry it).

export type ChartKind = "bar" | "hbar" | "funnel";

/** One series of values, one per label. */
export interface Series {
  label: string;
  values: number[];
  color: string | string[];
}

/** What a report chart shows. */
export interface ChartSpec {
  kind: ChartKind;
  labels: string[];
  series: Series[];
  /** How a value reads (bar labels, tooltips). */
  format: (value: number) => string;
  /** How an axis tick reads (defaults to `format`). */
  tick?: (value: number) => string;
}

export const COLORS = {
  accent: "#1f4e79",
  accentMid: "#4a7fb0",
  ok: "#2e7d4f",
  funnel: ["#1f4e79", "#33648f", "#5583ad", "#7ea4c8"],
  grid: "#e3e8ee",
  text: "#1b2430",
  muted: "#55606e",
};
