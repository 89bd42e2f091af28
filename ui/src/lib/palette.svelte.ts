// The command palette (Ctrl+K): one search over cases, companies and financiers; arrows move, Enter opens.

import { api } from "./api";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { SearchHits } from "./bindings/SearchHits";
import { beginBusy } from "./busy";
import { formatCents } from "./format";
import type { Route } from "./router.svelte";

export const PALETTE_DEBOUNCE_MS = 120;

export type PaletteKind = "case" | "company" | "financier";

export interface PaletteItem {
  kind: PaletteKind;
  id: string;
  title: string;
  /** Second line: case number and amount, KvK, … (taxonomy ids are labelled by the component). */
  detail: string;
  /** Where Enter goes; a company without cases has none and searches the case list instead. */
  route: Route | null;
}

/** The hits in the order shown: Casussen, Bedrijven, Financiers. */
export function paletteItems(hits: SearchHits | null): PaletteItem[] {
  if (!hits) return [];
  return [
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
  ];
}

/** What a key press in the palette asks the page to do. */
export type PaletteAction = { type: "none" } | { type: "moved" } | { type: "open"; item: PaletteItem } | { type: "close" };

export class PaletteModel {
  open = $state(false);
  query = $state("");
  hits = $state.raw<SearchHits | null>(null);
  error = $state.raw<ErrorPayload | null>(null);
  active = $state(0);
  readonly items = $derived(paletteItems(this.hits));

  #timer: ReturnType<typeof setTimeout> | undefined;
  #endPending: (() => void) | undefined;
  #sequence = 0;

  show(): void {
    this.open = true;
  }

  hide(): void {
    this.#cancel();
    this.open = false;
    this.query = "";
    this.hits = null;
    this.error = null;
    this.active = 0;
  }

  /** New text: searches after a short pause; empty text clears the results at once. */
  setQuery(text: string): void {
    this.query = text;
    this.#cancel();
    if (text.trim() === "") {
      this.#sequence++;
      this.hits = null;
      this.active = 0;
      return;
    }
    this.#endPending = beginBusy();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const end = this.#endPending;
      this.#endPending = undefined;
      void this.search().finally(() => end?.());
    }, PALETTE_DEBOUNCE_MS);
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

  #cancel(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#endPending?.();
    this.#endPending = undefined;
  }
}

/** The one palette of the app. */
export const palette = new PaletteModel();
