// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { IdentityView } from "../../lib/bindings/IdentityView";
import type { SharedCase } from "../../lib/bindings/SharedCase";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { taxonomy } from "../../test/fixtures";
import { joinedMember, memberIdentity, named, revocation, sharedCase } from "../../test/sharingFixtures";
import InboxPage from "../sharing/InboxPage.svelte";
import SharedCasePage from "../sharing/SharedCasePage.svelte";
import { $, all, settle, type, choose } from "../../test/dom";
import { calls, record, answer } from "../../test/ipc";
import { show, tearDown } from "../../test/mount";

let identity: IdentityView | null;
let cases: SharedCase[];

const LOADING = new Set(["sharing_identity", "shared_cases", "shared_case", "revocation_note"]);
const own = () => calls.filter(([cmd]) => !LOADING.has(cmd));

beforeEach(() => {
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  identity = joinedMember;
  cases = [];
  record((cmd, a) => {
    switch (cmd) {
      case "sharing_identity":
        return identity;
      case "shared_cases":
        return cases;
      case "shared_case":
        return cases.find((c) => c.case_id === a.caseRef || c.case_number === a.caseRef) ?? Promise.reject({ code: "not_found", message: "Niet gevonden", fields: [], rows: [] });
      case "revocation_note":
        return revocation;
      case "mark_seen":
        return { ...cases[0], marker: null };
    }
    throw new Error(`unexpected command ${cmd}`);
  });
});

afterEach(tearDown);


describe("Tafelcasussen", () => {
  it("lists the table's cases with new and changed markers, the named company only where it came", async () => {
    cases = [
      sharedCase({ case_id: "c1", case_number: "2026-0042", named: named }),
      sharedCase({ case_id: "c2", case_number: "2026-0041", marker: "changed", response: { status: "declined", decline_reason: "solvency", decline_text: null, amount_cents: null, status_date: "2026-12-01", note: null } }),
      sharedCase({ case_id: "c3", case_number: "2026-0040", marker: null }),
    ];
    show(InboxPage, {});
    await settle();
    expect($("inbox-count").textContent).toBe("3 casussen");
    const rows = all("inbox-row");
    expect(rows.map((r) => r.dataset.marker)).toEqual(["new", "changed", ""]);
    expect(rows[0].querySelector('[data-testid="case-marker"]')?.textContent).toBe("Nieuw");
    expect(rows[1].querySelector('[data-testid="case-marker"]')?.textContent).toBe("Gewijzigd");
    expect(all("inbox-company").map((c) => c.textContent)).toEqual(["Zeister Sensoren BV"]);
    expect(rows[1].querySelector('[data-testid="inbox-answer"]')?.textContent).toBe("Afgewezen");
    expect(rows[0].querySelector("a")?.getAttribute("href")).toBe("#/inbox/c1");
  });

  it("says so on a device that is on no table yet", async () => {
    identity = memberIdentity;
    show(InboxPage, {});
    await settle();
    expect($("inbox-not-joined").textContent).toContain("hoort nog bij geen tafel");
  });
});

describe("A table case", () => {
  async function open(c: SharedCase): Promise<void> {
    cases = [c];
    show(SharedCasePage, { props: { id: c.case_id } });
    await settle();
  }

  it("shows the one-pager with its bands, and marks the case seen when opened", async () => {
    await open(sharedCase());
    expect(own()).toEqual([["mark_seen", { caseRef: "case-1" }]]);
    const pager = $("shared-one-pager");
    expect(pager.querySelector('[data-field="turnover_band"]')?.textContent).toBe("€ 1 – 5 mln");
    expect(pager.querySelector('[data-field="province"]')?.textContent).toBe("Utrecht");
    expect($("shared-amount").textContent).toContain("350.000");
    expect($("shared-pitch").textContent).toContain("Maakt sensoren voor de zorg");
    expect(document.querySelector('[data-testid="shared-named"]')).toBeNull();
    expect(document.querySelector('[data-testid="shared-revocation"]')).toBeNull();
    expect(document.querySelector('[data-testid="shared-company"]')).toBeNull();
  });

  it("lists the documents shared with this member, read-only, and opens one that arrived", async () => {
    const doc = {
      id: "doc-1/table",
      doc_type: "annual_accounts" as const,
      title: "Jaarrekening 2025",
      document_date: "2025-12-31",
      kind: "pdf" as const,
      size_bytes: 1_572_864,
      version: 2,
      whole_table: true,
      shared_by: "Marieke Jansen",
      available: true,
    };
    const pending = { ...doc, id: "doc-2/rabobank", title: "Prognose", whole_table: false, available: false, version: 1 };
    answer.open_shared_document = () => ({ path: "/tmp/tafel-geopend/x/Jaarrekening 2025.pdf", viewer_started: true, removed_when_viewer_exits: false });
    await open(sharedCase({ marker: null, documents: [doc, pending] }));
    const rows = all("shared-document");
    expect(rows.map((r) => r.dataset.title)).toEqual(["Jaarrekening 2025", "Prognose"]);
    expect(rows[0].textContent).toContain("1,5 MB");
    expect(rows[0].textContent).toContain("versie 2");
    expect(rows[0].textContent).toContain("met de hele tafel, door Marieke Jansen");
    expect(rows[1].textContent).toContain("met uw organisatie (toestemming)");
    expect(rows[1].querySelector('[data-testid="shared-document-open"]')).toBeNull();
    expect($("shared-document-pending").textContent).toBe("nog niet ontvangen");
    expect(document.querySelector('[data-testid="dossier-remove"]')).toBeNull();
    (rows[0].querySelector('[data-testid="shared-document-open"]') as HTMLButtonElement).click();
    await settle();
    expect(own()).toEqual([["open_shared_document", { id: "doc-1/table" }]]);
    expect($("shared-documents-message").textContent).toContain("verwijderd als Tafel sluit");
  });

  it("says so when no documents were shared", async () => {
    await open(sharedCase({ marker: null }));
    expect($("shared-documents-empty").textContent).toContain("geen documenten");
  });

  it("shows named details only with consent, with what revoking can and cannot do; an opened case is not marked again", async () => {
    await open(sharedCase({ named, marker: null }));
    expect(own()).toEqual([]);
    expect($("shared-company").textContent).toBe("Zeister Sensoren BV");
    expect($("shared-named").querySelector('[data-field="kvk"]')?.textContent).toBe("81234567");
    expect($("shared-revocation").textContent).toContain("kan Tafel niet terughalen");
  });

  it("records the member's decline with its reason, and keeps a private note on the laptop", async () => {
    answer.respond_as_member = (a) => ({
      ...cases[0],
      marker: null,
      response: { status: "declined", decline_reason: (a.draft as { decline_reason: string }).decline_reason, decline_text: null, amount_cents: null, status_date: "2026-12-02", note: "Buiten ons fonds" },
    });
    answer.set_private_note = (a) => ({ ...cases[0], private_note: a.text });
    await open(sharedCase());
    expect($("shared-answer-none")).not.toBeNull();
    choose("answer-status", "declined");
    expect($("answer-decline-reason")).not.toBeNull();
    choose("answer-decline-reason", "outside_mandate_region");
    type("answer-note", "Buiten ons fonds");
    $("answer-save").click();
    await settle();
    expect(own().slice(1)).toEqual([
      [
        "respond_as_member",
        {
          caseRef: "case-1",
          draft: { financier: "", status: "declined", decline_reason: "outside_mandate_region", decline_text: null, amount: null, instrument: null, on_date: null, note: "Buiten ons fonds", meeting_id: null },
        },
      ],
    ]);
    expect($("shared-answer-current").dataset.status).toBe("declined");
    expect($("shared-answer-reason").textContent).toBe("Buiten mandaat: regio");
    expect($("answer-saved")).not.toBeNull();

    type("private-note", "Past bij ons fonds 2028");
    $("private-save").click();
    await settle();
    expect(own().at(-1)).toEqual(["set_private_note", { caseRef: "case-1", text: "Past bij ons fonds 2028" }]);
    expect($("private-saved")).not.toBeNull();
  });

  it("shows the core's refusal of a decline without a reason at the field", async () => {
    answer.respond_as_member = () => {
      throw {
        code: "invalid_input",
        message: "Controleer de invoer: Kies een reden van afwijzing.",
        message_en: "Check the input: Choose a decline reason.",
        fields: [{ field: "decline_reason", code: "required", message: "Kies een reden van afwijzing.", message_en: "Choose a decline reason." }],
        rows: [],
      };
    };
    await open(sharedCase({ marker: null }));
    choose("answer-status", "declined");
    $("answer-save").click();
    await settle();
    expect(document.getElementById("f-answer-decline_reason-error")?.textContent).toContain("Kies een reden van afwijzing.");
    expect(document.querySelector('[data-testid="answer-saved"]')).toBeNull();
  });
});
