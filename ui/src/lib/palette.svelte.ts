// The command palette (Ctrl+K): one search over cases, companies, financiers and meetings, and the app's
// commands ("Nieuwe casus", "Overleg starten", "Rapportage 2026", "Back-up maken", "Instellingen");
// arrows move, Enter opens or runs.

import { api } from "./api";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { SearchHits } from "./bindings/SearchHits";
import { beginBusy, DelayedWork } from "./busy";
import type { MeetingSummary } from "./bindings/MeetingSummary";
import { formatCents, formatLocalDateTime } from "./format";
import { loadEnglish, t, textIn } from "./i18n";
import type { Route } from "./router.svelte";

export const PALETTE_DEBOUNCE_MS = 120;

export type PaletteKind = "command" | "case" | "company" | "financier" | "meeting";

/** The commands the palette runs. */
export type PaletteCommand = "new-case" | "start-meeting" | "report" | "backup" | "settings";

export const COMMANDS: readonly PaletteCommand[] = ["new-case", "start-meeting", "report", "backup", "settings"];

/** A command's name in a language (the report names this year). */
export function commandLabel(command: PaletteCommand, lang?: "nl" | "en", year = new Date().getFullYear()): string {
  const key = {
    "new-case": "palette.cmdNewCase",
    "start-meeting": "palette.cmdStartMeeting",
    report: "palette.cmdReport",
    backup: "palette.cmdBackup",
    settings: "palette.cmdSettings",
  }[command] as "palette.cmdNewCase";
  const text = lang ? textIn(lang, key) : t(key);
  return text.replace("{year}", String(year));
}

/** The commands whose Dutch or English name holds what was typed (all of them for no text). */
export function matchingCommands(query: string, year = new Date().getFullYear()): PaletteCommand[] {
  const needle = query.trim().toLowerCase();
  if (needle === "") return [...COMMANDS];
  return COMMANDS.filter((c) => [commandLabel(c, "nl", year), commandLabel(c, "en", year)].some((name) => name.toLowerCase().includes(needle)));
}

export interface PaletteItem {
  kind: PaletteKind;
  id: string;
  title: string;
  /** Second line: case number and amount, KvK, … (taxonomy ids are labelled by the component). */
  detail: string;
  /** Where Enter goes; a company without cases has none and searches the case list instead. */
  route: Route | null;
}

/** The items in the order shown: Opdrachten (those matching the text typed; none before anything is
 *  typed), Casussen, Bedrijven, Financiers, Overleggen. */
export function paletteItems(hits: SearchHits | null, query?: string): PaletteItem[] {
  const typed = query?.trim() ?? "";
  const commands = (typed === "" ? [] : matchingCommands(typed)).map<PaletteItem>((c) => ({ kind: "command", id: c, title: commandLabel(c), detail: "", route: null }));
  if (!hits) return commands;
  return [
    ...commands,
    ...hits.cases.map<PaletteItem>((c) => ({
      kind: "case",
      id: c.id,
      title: c.company_name,
      detail: `${c.case_number} · ${formatCents(c.amount_cents)}`,
      route: { name: "case", id: c.id },
    })),
    ...hits.companies.map<PaletteItem>((c) => ({
      kind: "company",
      id: c.id,
      title: c.name,
      detail: c.kvk ? `KvK ${c.kvk}` : "",
      route: c.latest_case_id ? { name: "case", id: c.latest_case_id } : null,
    })),
    ...hits.financiers.map<PaletteItem>((f) => ({
      kind: "financier",
      id: f.id,
      title: f.name,
      detail: f.financier_type,
      route: { name: "financier", id: f.id },
    })),
    ...(hits.meetings ?? []).map<PaletteItem>((m) => ({
      kind: "meeting",
      id: m.id,
      title: m.title,
      detail: formatLocalDateTime(m.starts_at),
      route: { name: "meeting", id: m.id },
    })),
  ];
}

/** The meeting "Overleg starten" presents: the one in progress, else the next planned one (one that began
 *  less than a day ago counts: it may simply not have been started yet). */
export function meetingToStart(meetings: readonly MeetingSummary[], now: Date = new Date()): MeetingSummary | null {
  const running = meetings.find((m) => m.status === "in_progress");
  if (running) return running;
  const since = now.getTime() - 24 * 3600 * 1000;
  const planned = meetings
    .filter((m) => m.status === "planned" && new Date(m.starts_at).getTime() >= since)
    .sort((a, b) => a.starts_at.localeCompare(b.starts_at));
  return planned[0] ?? null;
}

/** What running a command asks of the page: go somewhere, or say something in the palette. */
export type CommandOutcome = { type: "navigate"; route: Route } | { type: "message"; text: string; error?: boolean };

/** Runs a command of the palette. */
export async function runCommand(command: PaletteCommand): Promise<CommandOutcome> {
  switch (command) {
    case "new-case":
      return { type: "navigate", route: { name: "case-new" } };
    case "report":
      return { type: "navigate", route: { name: "report" } };
    case "settings":
      return { type: "navigate", route: { name: "settings" } };
    case "start-meeting": {
      try {
        const meeting = meetingToStart(await api.listMeetings());
        return meeting ? { type: "navigate", route: { name: "present", id: meeting.id } } : { type: "message", text: t("palette.cmdNoMeeting"), error: true };
      } catch (err) {
        return { type: "message", text: (err as ErrorPayload).message, error: true };
      }
    }
    case "backup": {
      try {
        const made = await api.backupNow();
        return { type: "message", text: t("palette.cmdBackupDone", { path: made.path }) };
      } catch (err) {
        return { type: "message", text: (err as ErrorPayload).message, error: true };
      }
    }
  }
}

/** What a key press in the palette asks the page to do. */
export type PaletteAction = { type: "none" } | { type: "moved" } | { type: "open"; item: PaletteItem } | { type: "close" };

export class PaletteModel {
  open = $state(false);
  query = $state("");
  hits = $state.raw<SearchHits | null>(null);
  error = $state.raw<ErrorPayload | null>(null);
  active = $state(0);
  /** What a command said (a backup made, no meeting to start). */
  message = $state.raw<{ text: string; error: boolean } | null>(null);
  readonly items = $derived(paletteItems(this.hits, this.query));

  #delayed = new DelayedWork();
  #sequence = 0;

  show(): void {
    this.open = true;
    // Commands are found by their English names too.
    loadEnglish().catch(() => undefined);
  }

  hide(): void {
    this.#delayed.cancel();
    this.open = false;
    this.query = "";
    this.hits = null;
    this.error = null;
    this.message = null;
    this.active = 0;
  }

  /** New text: searches after a short pause; empty text clears the results at once. */
  setQuery(text: string): void {
    this.query = text;
    this.#delayed.cancel();
    if (text.trim() === "") {
      this.#sequence++;
      this.hits = null;
      this.active = 0;
      return;
    }
    this.#delayed.schedule(PALETTE_DEBOUNCE_MS, () => this.search());
  }

  /** Searches now; an older answer arriving late is dropped. */
  async search(): Promise<void> {
    const sequence = ++this.#sequence;
    const end = beginBusy();
    try {
      const hits = await api.searchAll(this.query.trim());
      if (sequence !== this.#sequence) return;
      this.hits = hits;
      this.error = null;
      this.active = 0;
    } catch (err) {
      if (sequence === this.#sequence) this.error = err as ErrorPayload;
    } finally {
      end();
    }
  }

  /** Moves the highlight, wrapping around at either end. */
  move(delta: number): void {
    const n = this.items.length;
    if (n === 0) return;
    this.active = (((this.active + delta) % n) + n) % n;
  }

  /** The keyboard model: ↑ ↓ move (wrapping), Enter opens, Escape closes; other keys type. */
  key(key: string): PaletteAction {
    switch (key) {
      case "ArrowDown":
        this.move(1);
        return { type: "moved" };
      case "ArrowUp":
        this.move(-1);
        return { type: "moved" };
      case "Enter": {
        const item = this.items[this.active];
        return item ? { type: "open", item } : { type: "none" };
      }
      case "Escape":
        return { type: "close" };
      default:
        return { type: "none" };
    }
  }
}

/** The one palette of the app. */
export const palette = new PaletteModel();
