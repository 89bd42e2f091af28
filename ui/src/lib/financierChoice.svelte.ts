// A financier picked from the register in an outcome form, and optionally one of its instruments (never a
// guarantee scheme: that is a promise to a bank, not money the financier puts in).

import { api } from "./api";
import type { FinancierSummary } from "./bindings/FinancierSummary";
import type { Instrument } from "./bindings/Instrument";
import { track } from "./busy";
import type { Option } from "./outcome";


/** The register's financiers as select options. */
export function financierOptions(financiers: readonly FinancierSummary[]): Option[] {
  return financiers.map((f) => ({ value: f.id, label: f.name }));
}

export class FinancierChoice {
  financier = $state("");
  instrument = $state("");
  instruments = $state.raw<Instrument[]>([]);

  /** The chosen financier's instruments that put in money, as select options. */
  readonly instrumentOptions: Option[] = $derived(
    this.instruments.filter((i) => !i.capital_types.includes("guarantee")).map((i) => ({ value: i.id, label: i.name })),
  );

  /** A financier was chosen: its instruments replace the last one's (none when they cannot be read:
   *  the instrument is optional). */
  async choose(id: string): Promise<void> {
    this.instrument = "";
    this.instruments = [];
    if (!id) return;
    try {
      this.instruments = (await track(api.getFinancier(id))).instruments;
    } catch {
      // Optional: without the list the field stays empty.
    }
  }
}
