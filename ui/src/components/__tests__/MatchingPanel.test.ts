// @vitest-environment jsdom
import { mockIPC } from "@tauri-apps/api/mocks";
import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Case } from "../../lib/bindings/Case";
import type { ChangeEntry } from "../../lib/bindings/ChangeEntry";
import type { MatchReport } from "../../lib/bindings/MatchReport";
import type { Plan } from "../../lib/bindings/Plan";
import type { Stack } from "../../lib/bindings/Stack";
import type { StackProposal } from "../../lib/bindings/StackProposal";
import type { StackRequest } from "../../lib/bindings/StackRequest";
import { setLanguage } from "../../lib/i18n";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { storedCase, taxonomy, timelineOf } from "../../test/fixtures";
import { matchReport, nearest, partialStack, pinOutsideRange, planOf, proposalOf, soloStack, stack } from "../../test/matchFixtures";
import { outcomeOf } from "../../test/outcomeFixtures";
import CasePage from "../cases/CasePage.svelte";
import { byTestid, settle, chooseIn as choose } from "../../test/dom";
import { calls, record, callsOf } from "../../test/ipc";
import { show, tearDown } from "../../test/mount";

let current: Case;
let history: ChangeEntry[];
let plan: Plan | null;

function stacksFor(request: StackRequest): StackProposal | Promise<never> {
  const pin = request.pinned[0];
  if (pin && pin.amount_cents > 49_000_000) return Promise.reject(pinOutsideRange);
  if (pin) return proposalOf([stack(pin.amount_cents, true)]);
  if (request.excluded_instruments.includes("ins-ing")) return proposalOf([soloStack]);
  return proposalOf([stack(), soloStack]);
}

beforeEach(() => {
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  current = { ...storedCase, case_number: "2026-0022", amount_cents: 70_000_000, capital_types: ["senior_loan"], consent_financier_ids: [] };
  history = [];
  plan = null;
  record((cmd, a) => {
    switch (cmd) {
      case "get_case":
        return { case: current, history, timeline: timelineOf(history) };
      case "match_case":
        return matchReport;
      case "propose_stacks":
        return stacksFor(a.request as StackRequest);
      case "get_plan":
        return plan;
      case "get_outcome":
        return outcomeOf({ case_id: current.id, case_number: current.case_number, need_cents: current.amount_cents });
      case "list_financiers":
        return [];
      case "list_documents":
        return [];
      case "save_plan": {
        plan = planOf(a.stack as Stack);
        history = [
          ...history,
          { id: "h-plan", entity: "plan", entity_id: "plan-1", action: "create", changes: { total_cents: [null, 70_000_000] }, at: "2026-11-22T10:05:00Z", author: "marieke", source: "ui" },
        ];
        return plan;
      }
      case "update_case": {
        const patch = a.patch as { status: Case["status"] };
        current = { ...current, status: patch.status, updated_at: "2026-11-22T11:00:00Z" };
        return current;
      }
    }
    throw new Error(`unexpected ${cmd}`);
  });
});

afterEach(tearDown);

/** Answers matching and the stack builder with these (other commands as a case page needs them). */
function answer(report: MatchReport, proposal: StackProposal): void {
  mockIPC((cmd, args) => {
    calls.push([cmd, (args ?? {}) as Record<string, unknown>]);
    if (cmd === "get_case") return { case: current, history, timeline: timelineOf(history) };
    if (cmd === "match_case") return report;
    if (cmd === "propose_stacks") return proposal;
    if (cmd === "get_plan") return null;
    if (cmd === "get_outcome") return outcomeOf({ case_id: current.id, case_number: current.case_number, need_cents: current.amount_cents });
    if (cmd === "list_financiers") return [];
    if (cmd === "list_documents") return [];
    throw new Error(`unexpected ${cmd}`);
  });
}

const $ = <T extends Element = HTMLElement>(selector: string, root: ParentNode = document) => root.querySelector<T>(selector);
const lastRequest = () => callsOf("propose_stacks").at(-1)!.request as StackRequest;

async function open(): Promise<void> {
  show(CasePage, { props: { id: "case-1" } });
  await settle();
}

function click(el: Element | null | undefined): void {
  (el as HTMLElement).click();
}

describe("Match list", () => {
  it("ranks the matches best first with score, confidence and reasons by kind", async () => {
    await open();
    const panel = $('[data-testid="match-panel"]')!;
    expect(panel).not.toBeNull();
    const rows = byTestid("match-row", panel);
    expect(rows.map((r) => r.dataset.instrumentId)).toEqual(["ins-ing", "ins-floryn", "ins-rom"]);
    expect(rows.map((r) => Number(r.dataset.score))).toEqual([63, 60, 31]);
    expect(rows[0].textContent).toContain("ING");
    expect(rows[0].textContent).toContain("Zakelijke financiering");
    expect(rows[0].textContent).toContain("Bancaire (investerings)lening");
    expect($('[data-testid="score-value"]', rows[0])!.textContent).toBe("63");
    expect($('[role="meter"]', rows[0])!.getAttribute("aria-valuenow")).toBe("63");
    expect($('[data-testid="confidence"]', rows[0])!.textContent).toContain("zekerheid hoog");
    expect($('[data-testid="confidence"]', rows[1])!.textContent).toContain("zekerheid laag");
    expect(rows[1].textContent).toContain("verwante soort");
    expect(rows[2].textContent).toContain("geaccepteerd alternatief");
    expect($('[data-testid="guarantee-badge"]', rows[0])!.textContent).toContain("met BMKB: € 204.000 geborgd");
    expect(rows[0].textContent).toContain("neemt € 50.000 – € 490.000");

    const reasons = byTestid("match-reason", rows[0]);
    expect(reasons.map((r) => r.dataset.kind)).toEqual(["matched", "matched", "uncertain", "note"]);
    expect(reasons.map((r) => $(".icon", r)!.textContent)).toEqual(["✓", "✓", "?", "·"]);
    expect(reasons[0].textContent).toContain("landelijke financier");
    expect(reasons[2].textContent).toContain("onzeker");

    const guarantees = $('[data-testid="guarantee-list"]')!;
    expect(guarantees.textContent).toContain("Borgstellingen bij een banklening");
    expect(byTestid("guarantee-row", guarantees)[0].dataset.attachable).toBe("1");
    expect(callsOf("match_case")).toEqual([{ caseId: "case-1", options: { acceptable_capital_types: [], expected_tranche_cents: null, include_excluded: false } }]);
  });

  it("filters by capital type, financier type and minimum score", async () => {
    await open();
    choose($<HTMLSelectElement>('[data-testid="match-filter-financier-type"]')!, "bank");
    flushSync();
    expect(byTestid("match-row").map((r) => r.dataset.instrumentId)).toEqual(["ins-ing"]);
    choose($<HTMLSelectElement>('[data-testid="match-filter-financier-type"]')!, "");
    choose($<HTMLSelectElement>('[data-testid="match-filter-capital-type"]')!, "equity");
    flushSync();
    expect(byTestid("match-row").map((r) => r.dataset.instrumentId)).toEqual(["ins-rom"]);
    choose($<HTMLSelectElement>('[data-testid="match-filter-capital-type"]')!, "");
    const range = $<HTMLInputElement>('[data-testid="match-filter-min-score"]')!;
    range.value = "60";
    range.dispatchEvent(new Event("input", { bubbles: true }));
    flushSync();
    expect(byTestid("match-row").map((r) => r.dataset.score)).toEqual(["63", "60"]);
    range.value = "100";
    range.dispatchEvent(new Event("input", { bubbles: true }));
    flushSync();
    expect(byTestid("match-row")).toHaveLength(0);
    expect($('[data-testid="match-empty"]')!.textContent).toContain("Geen matches met deze filters");
  });

  it("shows excluded instruments with why on request", async () => {
    await open();
    expect(byTestid("excluded-row")).toHaveLength(0);
    click($('[data-testid="show-excluded"]'));
    flushSync();
    const excluded = byTestid("excluded-row");
    expect(excluded).toHaveLength(1);
    expect(excluded[0].textContent).toContain("LIOF");
    const reason = byTestid("match-reason", excluded[0])[0];
    expect(reason.dataset.kind).toBe("failed");
    expect($(".icon", reason)!.textContent).toBe("✗");
    expect(reason.textContent).toContain("buiten regio: financier werkt alleen in Limburg");
    // The core writes out the excluded instruments only when asked.
    await vi.waitFor(() => expect(callsOf("match_case").at(-1)).toMatchObject({ options: { include_excluded: true } }));
  });

  it("when nothing matches, lists the instruments closest to passing with what would have to change", async () => {
    answer({ ...matchReport, matches: [], guarantees: [], nearest }, proposalOf([]));
    await open();
    const list = $('[data-testid="match-list"]')!;
    expect($('[data-testid="match-empty"]', list)!.textContent).toBe("Geen instrument past bij deze casus: elk instrument in het register valt af op minstens één harde eis.");
    const nearestList = $('[data-testid="nearest-list"]', list)!;
    expect($("h4", nearestList)!.textContent).toBe("Het dichtst bij — wat zou moeten veranderen");
    const items = byTestid("nearest-item", nearestList);
    expect(items.map((i) => [i.dataset.instrumentId, i.dataset.financierId])).toEqual([
      ["ins-rom", "fin-rom"],
      ["ins-liof", "fin-limburg"],
    ]);
    expect($("strong", items[0])!.textContent).toBe("ROM Utrecht – Groeifonds");
    expect($("strong", items[1])!.textContent).toBe("LIOF – Limburgs fonds");
    const conditions = (item: HTMLElement) => byTestid("nearest-condition", item).map((c) => $(".text", c)!.textContent);
    expect(conditions(items[0])).toEqual(["ronde vanaf € 5.000.000 — deze vraag is € 700.000"]);
    expect(conditions(items[1])).toEqual(["alleen in Limburg — de onderneming zit in Utrecht", "alleen Chemie — de onderneming zit in Agri & food"]);
    expect(byTestid("nearest-condition", items[1]).map((c) => c.dataset.code)).toEqual(["outside_mandate_region", "sector_outside_mandate"]);

    setLanguage("en");
    flushSync();
    expect($('[data-testid="match-empty"]', list)!.textContent).toContain("No instrument fits this case");
    expect($("h4", nearestList)!.textContent).toBe("Closest — what would have to change");
    expect(conditions(items[0])).toEqual(["round from € 5.000.000 — this need is € 700.000"]);
  });

  it("says plainly that nothing matches, without a nearest list when the core has none", async () => {
    answer({ ...matchReport, matches: [], guarantees: [], nearest: [] }, proposalOf([]));
    await open();
    expect($('[data-testid="match-empty"]')!.textContent).toContain("Geen instrument past bij deze casus");
    expect(byTestid("nearest-list")).toHaveLength(0);
  });

  it("shows no nearest list while there are matches", async () => {
    answer({ ...matchReport, nearest }, proposalOf([stack()]));
    await open();
    expect(byTestid("match-row")).toHaveLength(3);
    expect(byTestid("nearest-list")).toHaveLength(0);
    expect(byTestid("nearest-item")).toHaveLength(0);
  });

  it("re-runs matching and the stacks with the capital types also accepted", async () => {
    await open();
    expect($('[data-testid="accept-senior_loan"]')).toBeNull();
    expect($('[data-testid="accept-guarantee"]')).toBeNull();
    click($('[data-testid="accept-equity"]'));
    await settle();
    expect(callsOf("match_case").at(-1)).toEqual({ caseId: "case-1", options: { acceptable_capital_types: ["equity"], expected_tranche_cents: null, include_excluded: false } });
    expect(lastRequest().acceptable_capital_types).toEqual(["equity"]);
  });

  it("re-fetches after a status change on the page", async () => {
    await open();
    expect(callsOf("match_case")).toHaveLength(1);
    expect(callsOf("propose_stacks")).toHaveLength(1);
    choose($<HTMLSelectElement>('[data-testid="case-status"]')!, "intake");
    await settle();
    expect(callsOf("match_case")).toHaveLength(2);
    expect(callsOf("propose_stacks")).toHaveLength(2);
  });

  it("shows the reasons in English when switched", async () => {
    await open();
    setLanguage("en");
    flushSync();
    const reasons = byTestid("match-reason", byTestid("match-row")[0]);
    expect(reasons[0].textContent).toContain("national financier");
    expect($('[data-testid="match-panel"] h2')!.textContent).toBe("Matching");
    expect($('[data-testid="stack-save"]')!.textContent).toContain("Save as plan");
  });
});

describe("Stack builder", () => {
  it("shows the stacks as cards with tranches, shares, guarantee and total against the need", async () => {
    await open();
    const cards = byTestid("stack-card");
    expect(cards).toHaveLength(2);
    expect(cards.map((c) => [c.dataset.totalCents, c.dataset.needCents])).toEqual([
      ["70000000", "70000000"],
      ["70000000", "70000000"],
    ]);
    const tranches = byTestid("stack-tranche", cards[0]);
    expect(tranches.map((t) => [t.dataset.instrumentId, t.dataset.amountCents])).toEqual([
      ["ins-ing", "40800000"],
      ["ins-floryn", "29200000"],
    ]);
    expect(tranches[0].textContent).toContain("€ 408.000");
    expect(tranches[0].textContent).toContain("58,3%");
    expect($('[data-testid="guarantee-badge"]', tranches[0])!.textContent).toContain("met BMKB: € 204.000 geborgd");
    expect($('[data-testid="stack-total"]', cards[0])!.textContent).toContain("Totaal € 700.000 van € 700.000");
    expect(byTestid("stack-reason", cards[0])[0].textContent).toContain("dekken samen € 700.000");
    expect($('[data-testid="no-plan"]')).not.toBeNull();
    expect(callsOf("propose_stacks")[0]).toEqual({ caseId: "case-1", request: { pinned: [], excluded_instruments: [], acceptable_capital_types: [] } });
  });

  it("pins a tranche at the amount typed as 250k, lists it as a chip and recomputes; removing it recomputes again", async () => {
    await open();
    const first = byTestid("stack-tranche", byTestid("stack-card")[0])[0];
    const amount = $<HTMLInputElement>('[data-testid="tranche-amount"]', first)!;
    expect(amount.value).toBe("408.000");
    amount.value = "250k";
    click($('[data-testid="tranche-pin"]', first));
    await settle();
    expect(lastRequest()).toEqual({
      pinned: [{ financier_id: "fin-ing", instrument_id: "ins-ing", amount_cents: 25_000_000, capital_type: "senior_loan" }],
      excluded_instruments: [],
      acceptable_capital_types: [],
    });
    const chips = byTestid("pin-chip");
    expect(chips).toHaveLength(1);
    expect(chips[0].textContent).toContain("ING – Zakelijke financiering");
    expect(chips[0].textContent).toContain("€ 250.000");
    const pinned = byTestid("stack-tranche")[0];
    expect(pinned.dataset.amountCents).toBe("25000000");
    expect(pinned.dataset.pinned).toBe("true");
    expect(pinned.textContent).toContain("vastgezet");

    click($('[data-testid="pin-chip-remove"]'));
    await settle();
    expect(byTestid("pin-chip")).toHaveLength(0);
    expect(lastRequest().pinned).toEqual([]);
    expect(byTestid("stack-card")).toHaveLength(2);
  });

  it("pins with Enter in the amount field and refuses text that is no amount", async () => {
    await open();
    const first = byTestid("stack-tranche")[0];
    const amount = $<HTMLInputElement>('[data-testid="tranche-amount"]', first)!;
    const before = callsOf("propose_stacks").length;
    amount.value = "veel";
    amount.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    flushSync();
    expect(amount.getAttribute("aria-invalid")).toBe("true");
    expect(first.textContent).toContain("Geen geldig bedrag");
    await settle();
    expect(callsOf("propose_stacks")).toHaveLength(before);
    amount.value = "€ 300.000";
    amount.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    await settle();
    expect(lastRequest().pinned[0].amount_cents).toBe(30_000_000);
  });

  it("excludes an instrument: a chip, its id in excluded_instruments, and stacks without it", async () => {
    await open();
    click($('[data-testid="tranche-exclude"]', byTestid("stack-tranche")[0]));
    await settle();
    expect(lastRequest().excluded_instruments).toEqual(["ins-ing"]);
    expect(byTestid("exclusion-chip").map((c) => c.textContent)).toEqual([expect.stringContaining("ING – Zakelijke financiering")]);
    expect(byTestid("stack-tranche").map((t) => t.dataset.instrumentId)).toEqual(["ins-floryn"]);
    click($('[data-testid="exclusion-chip-remove"]'));
    await settle();
    expect(lastRequest().excluded_instruments).toEqual([]);
  });

  it("shows the core's Dutch message for a pin outside the instrument's range and keeps the chip to fix it", async () => {
    await open();
    const first = byTestid("stack-tranche")[0];
    $<HTMLInputElement>('[data-testid="tranche-amount"]', first)!.value = "5 mln";
    click($('[data-testid="tranche-pin"]', first));
    await settle();
    const error = $('[data-testid="stack-error"]')!;
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.dataset.code).toBe("pin_outside_range");
    expect(error.textContent).toContain("valt buiten wat het instrument hier kan nemen (€ 50.000 – € 490.000)");
    const chip = byTestid("pin-chip")[0];
    expect(chip.classList.contains("invalid")).toBe(true);
    expect(byTestid("stack-card")).toHaveLength(2);
    click($('[data-testid="pin-chip-remove"]'));
    await settle();
    expect($('[data-testid="stack-error"]')).toBeNull();
  });

  it("saves a stack as the plan, shows it on top and refreshes the timeline", async () => {
    await open();
    const getCases = callsOf("get_case").length;
    click($('[data-testid="stack-save"]', byTestid("stack-card")[1]));
    await settle();
    expect(callsOf("save_plan")).toEqual([{ caseId: "case-1", stack: soloStack }]);
    const saved = $('[data-testid="saved-plan"]')!;
    expect(saved.textContent).toContain("Plan opgeslagen op");
    expect(byTestid("plan-tranche", saved).map((t) => [t.dataset.instrumentId, t.dataset.amountCents])).toEqual([["ins-floryn", "70000000"]]);
    expect($('[data-testid="no-plan"]')).toBeNull();
    expect(callsOf("get_case").length).toBe(getCases + 1);
    expect(byTestid("timeline-entry").map((e) => e.textContent)).toEqual([expect.stringContaining("Financieringsplan opgeslagen")]);
    // The case itself did not change: no new match run, no new stacks.
    expect(callsOf("match_case")).toHaveLength(1);
    expect(callsOf("propose_stacks")).toHaveLength(1);
    // Idle once the save and the reload are over (confirmed 40 ms later; see lib/busy.ts). Whether
    // it still reads "true" right after settle() depends on how loaded the machine is, so only
    // the end state is asserted.
    await new Promise((r) => setTimeout(r, 60));
    expect(document.body.dataset.busy).toBe("false");
  });

  it("shows a saved plan when the page opens, with a warning when the need changed since", async () => {
    plan = { ...planOf(stack()), need_cents: 60_000_000 };
    await open();
    const saved = $('[data-testid="saved-plan"]')!;
    expect(byTestid("plan-tranche", saved)).toHaveLength(2);
    expect($('[data-testid="plan-need-changed"]', saved)!.textContent).toContain("het plan is gemaakt voor € 600.000; de vraag is nu € 700.000");
  });

  it("says so when no stack covers the need", async () => {
    mockIPC((cmd) => {
      if (cmd === "get_case") return { case: current, history, timeline: timelineOf(history) };
      if (cmd === "match_case") return { ...matchReport, matches: [], guarantees: [] };
      if (cmd === "propose_stacks") return proposalOf([]);
      if (cmd === "get_plan") return null;
      throw new Error(cmd);
    });
    await open();
    expect($('[data-testid="match-empty"]')!.textContent).toContain("Geen instrument past bij deze casus");
    expect($('[data-testid="stack-none"]')!.textContent).toContain("Geen stapel gevonden");
    expect(byTestid("stack-card")).toHaveLength(0);
    expect(byTestid("stack-partial")).toHaveLength(0);
    expect(byTestid("nearest-list")).toHaveLength(0);
  });

  it("shows the partial stack with its gap and without a save button, then the nearest instruments", async () => {
    answer({ ...matchReport, matches: [], guarantees: [], nearest }, { stacks: [], partial: partialStack, nearest });
    await open();
    const builder = $('[data-testid="stack-builder"]')!;
    expect($('[data-testid="stack-none"]', builder)!.textContent).toContain("Geen stapel gevonden");
    expect(byTestid("stack-card", builder)).toHaveLength(0);

    const partial = byTestid("stack-partial", builder);
    expect(partial).toHaveLength(1);
    expect(partial[0].dataset.gapCents).toBe("45000000");
    expect(partial[0].dataset.totalCents).toBe("25000000");
    expect($('[data-testid="stack-gap"]', partial[0])!.textContent).toBe("Er ontbreekt € 450.000");
    expect($('[data-testid="stack-total"]', partial[0])!.textContent).toContain("Totaal € 250.000 van € 700.000");
    expect($('[data-testid="stack-save"]', partial[0])).toBeNull();
    expect($('[data-testid="stack-partial-note"]', partial[0])!.textContent).toContain("niet als plan op te slaan");
    const reasons = byTestid("stack-reason", partial[0]);
    expect([reasons[0].dataset.code, reasons[0].dataset.kind]).toEqual(["stack_gap", "failed"]);
    expect(byTestid("stack-tranche", partial[0]).map((t) => t.dataset.instrumentId)).toEqual(["ins-floryn"]);

    const list = $('[data-testid="nearest-list"]', builder)!;
    expect(list.textContent).toContain("Het dichtst bij — wat zou moeten veranderen");
    expect(byTestid("nearest-item", list).map((i) => i.dataset.instrumentId)).toEqual(["ins-rom", "ins-liof"]);

    // The partial stack's tranches can still be excluded: the builder recomputes without it.
    click($('[data-testid="tranche-exclude"]', partial[0]));
    await settle();
    expect(lastRequest().excluded_instruments).toEqual(["ins-floryn"]);

    setLanguage("en");
    flushSync();
    expect($('[data-testid="stack-gap"]')!.textContent).toBe("€ 450.000 is missing");
    expect($('[data-testid="nearest-list"] h4', builder)!.textContent).toBe("Closest — what would have to change");
  });
});
