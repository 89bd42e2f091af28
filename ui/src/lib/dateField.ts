// The typed date field: what the user types (dd-mm-jjjj, or any form the core's parse_date
// reads — the shared vectors in assets/test-vectors/dates.json keep both parsers equal), what
// it shows, and the Dutch month grid of its calendar.

import { formatDate, parseDay } from "./format";

/** A stored or typed value as the field shows it: ISO becomes `06-03-2027`, other text stays. */
export function shownDate(value: string | null | undefined): string {
  if (!value) return "";
  const iso = parseDay(value);
  return iso ? formatDate(iso) : value;
}

/** What a typed text means: the ISO day, `""` for nothing typed, `null` for no date. */
export function typedDate(text: string): string | null {
  if (text.trim() === "") return "";
  return parseDay(text);
}

export const MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];
export const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
/** Weeks start on Monday, as Dutch calendars do. */
export const WEEKDAYS_NL = ["ma", "di", "wo", "do", "vr", "za", "zo"];
export const WEEKDAYS_EN = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/** One cell of the month grid: an ISO day, or `null` before the first and after the last. */
export type DayCell = { iso: string; day: number } | null;

const pad = (n: number) => String(n).padStart(2, "0");

/** The weeks of a month (`month` 1–12), Monday first, each a row of 7 cells. */
export function monthGrid(year: number, month: number): DayCell[][] {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: DayCell[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= days; d++) cells.push({ iso: `${year}-${pad(month)}-${pad(d)}`, day: d });
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: DayCell[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** The month after (`step` 1) or before (`step` -1). */
export function shiftMonth(year: number, month: number, step: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + step;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** Today as an ISO day in local time. */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
