// Chart.js configurations of the report: grouped bars (cases per quarter), horizontal bars
// (€ mobilised per capital type) and a funnel (centred floating bars). Values are written at
// the bars by a small plugin, so the chart reads without hovering; no animation.

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from "chart.js";
import { COLORS, type ChartSpec } from "./chartSpec";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const FONT = '"Tafel Sans", "DejaVu Sans", system-ui, sans-serif';

/** A funnel bar from its value: centred on 0. */
type Floating = [number, number];

function valueOf(raw: unknown): number {
  if (Array.isArray(raw)) return Number(raw[1]) - Number(raw[0]);
  return Number(raw);
}

/** Writes each bar's value after (horizontal) or above (vertical) its bar. */
export function valueLabels(format: (value: number) => string, horizontal: boolean): Plugin<"bar"> {
  return {
    id: "tafelValueLabels",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = `600 12px ${FONT}`;
      ctx.fillStyle = COLORS.text;
      chart.data.datasets.forEach((dataset, i) => {
        const meta = chart.getDatasetMeta(i);
        if (meta.hidden) return;
        meta.data.forEach((element, j) => {
          const value = valueOf(dataset.data[j]);
          if (!Number.isFinite(value)) return;
          const { x, y } = element.getProps(["x", "y"], true) as { x: number; y: number };
          if (horizontal) {
            ctx.textAlign = "left";
            ctx.textBaseline = "middle";
            ctx.fillText(format(value), x + 6, y);
          } else {
            ctx.textAlign = "center";
            ctx.textBaseline = "bottom";
            ctx.fillText(format(value), x, y - 4);
          }
        });
      });
      ctx.restore();
    },
  };
}

/** The Chart.js configuration of a report chart. */
export function chartConfig(spec: ChartSpec): ChartConfiguration<"bar", (number | Floating)[], string> {
  const horizontal = spec.kind !== "bar";
  const funnel = spec.kind === "funnel";
  const top = Math.max(0, ...spec.series.flatMap((s) => s.values));
  const tick = spec.tick ?? spec.format;
  const datasets = spec.series.map((s) => ({
    label: s.label,
    data: funnel ? s.values.map((v): Floating => [-v / 2, v / 2]) : s.values,
    backgroundColor: s.color,
    borderRadius: funnel ? 3 : 4,
    borderSkipped: funnel ? false : ("start" as const),
    // Grouped bars of one quarter stand side by side; a single series gets wider bars.
    barPercentage: funnel ? 0.92 : 0.9,
    categoryPercentage: funnel ? 1 : spec.series.length > 1 ? 0.45 : 0.7,
    maxBarThickness: funnel ? 44 : 40,
  }));
  const valueAxis = {
    beginAtZero: true,
    display: !funnel,
    // Room for the value written after the largest bar.
    suggestedMax: funnel ? top / 2 : top * (horizontal ? 1.22 : 1.12),
    suggestedMin: funnel ? -top / 2 : 0,
    grid: { color: COLORS.grid },
    border: { display: false },
    ticks: { color: COLORS.muted, font: { family: FONT, size: 11 }, precision: 0, maxTicksLimit: 6, callback: (v: string | number) => tick(Number(v)) },
  };
  const categoryAxis = {
    grid: { display: false },
    border: { color: COLORS.grid },
    ticks: { color: COLORS.text, font: { family: FONT, size: 12 }, autoSkip: false },
  };
  return {
    type: "bar",
    data: { labels: spec.labels, datasets },
    options: {
      indexAxis: horizontal ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      layout: { padding: { top: horizontal ? 4 : 18, right: funnel ? 56 : horizontal ? 12 : 4 } },
      scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      plugins: {
        legend: {
          display: spec.series.length > 1,
          position: "top",
          align: "end",
          labels: { color: COLORS.muted, font: { family: FONT, size: 12 }, boxWidth: 12, boxHeight: 12 },
        },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label ?? ""}: ${spec.format(valueOf(item.raw))}`,
          },
        },
      },
    },
    plugins: [valueLabels(spec.format, horizontal)],
  };
}

export { Chart };
