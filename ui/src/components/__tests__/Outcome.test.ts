// @vitest-environment jsdom
import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CaseOutcome } from "../../lib/bindings/CaseOutcome";
import type { ResponseDraft } from "../../lib/bindings/ResponseDraft";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { taxonomy } from "../../test/fixtures";
import type { Document } from "../../lib/bindings/Document";
import type { DocumentDetails } from "../../lib/bindings/DocumentDetails";
import { doc } from "../../test/documentFixtures";
import { declineWithoutReason, financiers, home, outcomeOf, response } from "../../test/outcomeFixtures";
import HomePage from "../home/HomePage.svelte";
import OutcomeSection from "../outcome/OutcomeSection.svelte";
import { byTestid, settle, chooseIn as choose, typeInto as type } from "../../test/dom";
import { callsOf, record } from "../../test/ipc";
import { show, tearDown, unmountShown } from "../../test/mount";

let outcome: CaseOutcome;
let statusChanges: number;
let dossier: Document[];

const proposal = { from: "in_assessment" as const, to: "financed" as const, reason: "Het pakket (€ 500.000) dekt de hele behoefte (€ 500.000).", reason_en: "The package covers the whole need." };

beforeEach(() => {
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  statusChanges = 0;
  dossier = [];
  outcome = outcomeOf({
    responses: [
      response("fin-ing", "ING", "declined", { decline_reason: "solvency", decline_text: null }),
      response("fin-qredits", "Qredits", "committed", { amount_cents: 50_000_000, instrument_name: "MKB-krediet" }),
    ],
    referrals: [
      {
        id: "ref-1",
        case_id: "case-1",
        from_financier_id: "fin-ing",
        from_name: "ING",
        to_financier_id: "fin-qredits",
        to_name: "Qredits",
        reason: "Past bij microkrediet",
        basis: "anonymised",
        referred_on: "2026-11-18",
        outcome: "committed",
        created_at: "2026-11-18T10:00:00Z",
      },
    ],
    package: [
      {
        id: "tr-1",
        case_id: "case-1",
        financier_id: "fin-qredits",
        financier_name: "Qredits",
        instrument_id: null,
        instrument_name: "MKB-krediet",
        capital_type: "senior_loan",
        amount_cents: 50_000_000,
        guarantee_instrument_id: null,
        guarantee_name: null,
        guaranteed_cents: null,
        closing_date: "2026-11-21",
        notes: null,
        created_at: "2026-11-21T10:00:00Z",
      },
    ],
    raised_cents: 50_000_000,
    status_proposal: proposal,
    follow_ups: [{ id: "fu-1", case_id: "case-1", months: 3, due_on: "2020-01-01", done_on: null, jobs_kept: null, jobs_created: null, financing_closed: null, notes: null }],
  });
  record((cmd, a) => {
    switch (cmd) {
      case "get_outcome":
        return outcome;
      case "list_financiers":
        return financiers;
      case "get_financier":
        return { id: a.id, name: "ING", financier_type: "bank", regions: ["NL"], website: null, notes: null, contacts: [], instruments: [] };
      case "confirm_status":
        outcome = { ...outcome, status: a.status as CaseOutcome["status"], status_proposal: null };
        return outcome;
      case "record_response": {
        const draft = a.draft as ResponseDraft;
        if (draft.status === "declined" && !draft.decline_reason) return Promise.reject(declineWithoutReason);
        outcome = { ...outcome, responses: [...outcome.responses, response(draft.financier, "Rabobank", "declined", { decline_reason: "other", decline_text: draft.decline_text })] };
        return outcome;
      }
      case "home":
        return home;
      case "list_documents":
        return dossier;
      case "update_document": {
        const details = a.details as DocumentDetails;
        return { ...dossier.find((d) => d.id === a.documentId)!, response_id: details.response_id };
      }
    }
    throw new Error(`unexpected ${cmd}`);
  });
});

afterEach(tearDown);

const $ = <T extends Element = HTMLElement>(selector: string, root: ParentNode = document) => root.querySelector<T>(selector);

async function open(): Promise<void> {
  show(OutcomeSection, { props: { caseId: "case-1", version: "v1", onstatuschanged: () => statusChanges++ } });
  await settle();
}

describe("Outcome on the case page", () => {
  it("shows the responses with status, amount, instrument and decline reason, and their steps on request", async () => {
    await open();
    const rows = byTestid("response-row");
    expect(rows.map((r) => [r.dataset.financierName, r.dataset.status])).toEqual([
      ["ING", "declined"],
      ["Qredits", "committed"],
    ]);
    expect($('[data-testid="response-status"]', rows[0])!.textContent).toBe("Afgewezen");
    expect($('[data-testid="response-reason"]', rows[0])!.textContent).toContain("Solvabiliteit te laag");
    expect(rows[1].textContent).toContain("€ 500.000");
    expect(rows[1].textContent).toContain("MKB-krediet");
    expect(byTestid("response-steps")).toHaveLength(0);
    ($('[data-testid="response-steps-toggle"]', rows[0]) as HTMLButtonElement).click();
    flushSync();
    expect(byTestid("response-steps")[0].textContent).toContain("marieke");
  });

  it("says so where there are no responses and no package yet, without their tables", async () => {
    outcome = outcomeOf();
    await open();
    expect(byTestid("responses-empty")[0].textContent).toBe("Nog geen reacties vastgelegd.");
    expect(byTestid("responses-table")).toHaveLength(0);
    expect(document.body.textContent).toContain("Nog geen toezeggingen in het pakket.");
    expect(byTestid("package-table")).toHaveLength(0);
  });

  it("draws the referral chain and the package against the need", async () => {
    await open();
    const chain = byTestid("referral-chain")[0];
    expect(chain.textContent).toMatch(/ING\s*→\s*Qredits/);
    expect(chain.textContent).toContain("Past bij microkrediet");
    expect(chain.textContent).toContain("Alleen geanonimiseerd gedeeld");
    expect(byTestid("package-row").map((r) => r.dataset.financierName)).toEqual(["Qredits"]);
    expect($('[role="meter"]')!.getAttribute("aria-valuenow")).toBe("100");
    const followUp = byTestid("followup-row")[0];
    expect(followUp.dataset.overdue).toBe("true");
  });

  it("proposes the package's status but changes it only after a click on Bevestigen", async () => {
    await open();
    const bar = byTestid("status-proposal")[0];
    expect(bar.textContent).toContain("Status wijzigen naar Gefinancierd?");
    expect(bar.textContent).toContain("dekt de hele behoefte");
    expect(callsOf("confirm_status")).toHaveLength(0);

    (byTestid("status-proposal-dismiss")[0] as HTMLButtonElement).click();
    flushSync();
    expect(byTestid("status-proposal")).toHaveLength(0);
    expect(callsOf("confirm_status")).toHaveLength(0);

    // The same proposal comes back on the next load of the page, and is confirmed with a click.
    unmountShown();
    await open();
    (byTestid("status-proposal-confirm")[0] as HTMLButtonElement).click();
    await settle();
    expect(callsOf("confirm_status")).toEqual([{ caseId: "case-1", status: "financed" }]);
    expect(byTestid("status-proposal")).toHaveLength(0);
    expect(statusChanges).toBe(1);
  });

  it("asks for the decline reason when the status is declined and shows the core's message at the field", async () => {
    await open();
    (byTestid("response-new")[0] as HTMLButtonElement).click();
    flushSync();
    expect(byTestid("response-form-decline_reason")).toHaveLength(0);
    choose(byTestid("response-form-financier")[0] as HTMLSelectElement, "fin-rabo");
    choose(byTestid("response-form-status")[0] as HTMLSelectElement, "declined");
    await settle();
    expect(byTestid("response-form-decline_reason")).toHaveLength(1);

    (byTestid("response-form-save")[0] as HTMLButtonElement).click();
    await settle();
    const error = byTestid("field-error").find((e) => e.dataset.field === "response-decline_reason");
    expect(error?.textContent).toContain("Een afwijzing heeft een reden nodig");
    expect(byTestid("error-banner")).toHaveLength(1);

    choose(byTestid("response-form-decline_reason")[0] as HTMLSelectElement, "other");
    flushSync();
    type(byTestid("response-form-decline_text")[0] as HTMLInputElement, "Geen vertrouwen in het plan");
    (byTestid("response-form-save")[0] as HTMLButtonElement).click();
    await settle();
    const draft = callsOf("record_response").at(-1)!.draft as ResponseDraft;
    expect(draft).toMatchObject({ financier: "fin-rabo", status: "declined", decline_reason: "other", decline_text: "Geen vertrouwen in het plan", meeting_id: null });
    expect(byTestid("response-row").map((r) => r.dataset.financierName)).toContain("Rabobank");
    expect(byTestid("error-banner")).toHaveLength(0);
  });
});

describe("Linking a decline letter", () => {
  it("offers the dossier's decline letters with a decline and links the chosen one to the recorded decline", async () => {
    dossier = [
      doc({ id: "doc-letter", doc_type: "decline_letter", title: "Brief Rabobank" }),
      doc({ id: "doc-accounts", doc_type: "annual_accounts", title: "Jaarrekening" }),
    ];
    await open();
    (byTestid("response-new")[0] as HTMLButtonElement).click();
    await settle();
    choose(byTestid("response-form-financier")[0] as HTMLSelectElement, "fin-rabo");
    choose(byTestid("response-form-status")[0] as HTMLSelectElement, "committed");
    flushSync();
    expect(byTestid("response-form-decline_letter")).toHaveLength(0);
    choose(byTestid("response-form-status")[0] as HTMLSelectElement, "declined");
    flushSync();
    const select = byTestid("response-form-decline_letter")[0] as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(["geen brief koppelen", "Brief Rabobank"]);
    choose(byTestid("response-form-decline_reason")[0] as HTMLSelectElement, "other");
    flushSync();
    type(byTestid("response-form-decline_text")[0] as HTMLInputElement, "Te weinig zekerheden");
    choose(select, "doc-letter");
    (byTestid("response-form-save")[0] as HTMLButtonElement).click();
    await settle();
    expect(callsOf("record_response")).toHaveLength(1);
    expect(callsOf("update_document")).toEqual([
      { documentId: "doc-letter", details: { doc_type: null, title: null, note: null, document_date: null, level: null, response_id: "resp-fin-rabo" } },
    ]);
  });

  it("records a decline without a letter when none is chosen, and without the choice when the dossier has none", async () => {
    await open();
    (byTestid("response-new")[0] as HTMLButtonElement).click();
    await settle();
    choose(byTestid("response-form-financier")[0] as HTMLSelectElement, "fin-rabo");
    choose(byTestid("response-form-status")[0] as HTMLSelectElement, "declined");
    flushSync();
    expect(byTestid("response-form-decline_letter")).toHaveLength(0);
    choose(byTestid("response-form-decline_reason")[0] as HTMLSelectElement, "other");
    flushSync();
    type(byTestid("response-form-decline_text")[0] as HTMLInputElement, "Te weinig zekerheden");
    (byTestid("response-form-save")[0] as HTMLButtonElement).click();
    await settle();
    expect(callsOf("record_response")).toHaveLength(1);
    expect(callsOf("update_document")).toEqual([]);
  });
});

describe("Home", () => {
  it("lists what is due, overdue follow-ups marked, each linking to its case", async () => {
    show(HomePage, {});
    await settle();
    const followUps = byTestid("home-followup");
    expect(followUps.map((f) => f.dataset.overdue)).toEqual(["true", "false"]);
    expect(followUps[0].textContent).toContain("te laat sinds 15-10-2026");
    expect($("a", followUps[0])!.getAttribute("href")).toBe("#/cases/case-3");
    expect(byTestid("home-actions")[0].textContent).toContain("Jaarcijfers opvragen");
    expect(byTestid("home-consents")[0].textContent).toContain("Geen toestemmingen");
    expect(byTestid("home-meeting")[0].textContent).toContain("26-11-2026 14:00");
    expect(document.body.textContent).toContain("zondag 22 november 2026");
  });
});
