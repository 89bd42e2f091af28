// @vitest-environment jsdom
import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { IdentityView } from "../../lib/bindings/IdentityView";
import type { RosterView } from "../../lib/bindings/RosterView";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { taxonomy } from "../../test/fixtures";
import {
  cardText,
  conflict,
  coordinatorFingerprint,
  coordinatorIdentity,
  financierList,
  memberFingerprint,
  memberIdentity,
  mismatch,
  notJoined,
  offer,
  preview,
  roster,
  syncReport,
} from "../../test/sharingFixtures";
import SharingPage from "../sharing/SharingPage.svelte";
import { pendingBundle } from "../../lib/sharing.svelte";
import { $, all, settle, type, choose } from "../../test/dom";
import { calls, record, answer } from "../../test/ipc";
import { show, tearDown } from "../../test/mount";

let identity: IdentityView | null;
let rosterView: RosterView | null;
let folder: string | null;
let chosen: string | null;
let conflicts = [conflict()];

/** The calls a test makes itself, not the page's loading. */
const LOADING = new Set(["sharing_identity", "sharing_roster", "sync_folder", "hub_status", "sync_refusals", "list_financiers", "sync_conflicts", "shared_cases", "app_info", "member_card", "exchange_partners", "exchange_inbox"]);
const own = () => calls.filter(([cmd]) => !LOADING.has(cmd));

function reject(payload: unknown): never {
  throw payload;
}


beforeEach(() => {
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  identity = null;
  rosterView = null;
  folder = null;
  chosen = null;
  conflicts = [conflict()];
  record((cmd) => {
    switch (cmd) {
      case "sharing_identity":
        return identity;
      case "sharing_roster":
        return rosterView;
      case "sync_folder":
        return folder;
      case "hub_status":
        return null;
      case "sync_refusals":
        return [];
      case "list_financiers":
        return financierList;
      case "sync_conflicts":
        return conflicts;
      case "shared_cases":
      case "exchange_partners":
      case "exchange_inbox":
        return [];
      case "choose_file":
        return chosen;
      case "app_info":
        return { case_count: 0, financier_count: 2 };
    }
    throw new Error(`unexpected command ${cmd}`);
  });
});

afterEach(tearDown);


async function open(): Promise<void> {
  show(SharingPage, {});
  await settle();
}

describe("Delen: this device", () => {
  it("sets a member's identity with its organisation, then shows the fingerprint in groups of five and the card", async () => {
    answer.set_sharing_identity = () => {
      identity = memberIdentity;
      return memberIdentity;
    };
    await open();
    expect(document.querySelector('[data-testid="sharing-card"]')).toBeNull();
    type("identity-person", "Ruud de Wit");
    $<HTMLInputElement>("field-identity-role-member").click();
    flushSync();
    type("identity-organisation", "ROM Utrecht Region");
    $("identity-save").click();
    await settle();
    expect(own()).toEqual([["set_sharing_identity", { person: "Ruud de Wit", organisation: "ROM Utrecht Region", tableName: null }]]);
    const fingerprint = $("own-fingerprint");
    expect(fingerprint.dataset.fingerprint).toBe(memberFingerprint);
    expect([...fingerprint.querySelectorAll(".group")].map((g) => g.textContent)).toEqual(memberFingerprint.split(" "));
    expect($("identity-table").textContent).toContain("Nog bij geen tafel");
    expect($("sharing-card")).not.toBeNull();
    expect(document.querySelector('[data-testid="sharing-add-member"]')).toBeNull();
  });

  it("shows the core's refusal at the field", async () => {
    answer.set_sharing_identity = () =>
      reject({ code: "invalid_input", message: "Controleer de invoer: Vul uw naam in.", message_en: "Check the input: Fill in your name.", fields: [{ field: "name", code: "required", message: "Vul uw naam in.", message_en: "Fill in your name." }], rows: [] });
    await open();
    $("identity-save").click();
    await settle();
    expect(document.body.textContent).toContain("Vul uw naam in.");
    expect(own()[0]).toEqual(["set_sharing_identity", { person: "", organisation: "coordinator", tableName: "" }]);
  });

  it("saves the member card to the file chosen in the save dialog, and copies its text", async () => {
    identity = memberIdentity;
    chosen = "/tmp/lidkaart-ruud-de-wit.tafelkaart";
    answer.save_member_card = (a) => a.path;
    answer.member_card = () => cardText;
    await open();
    // The card's text is shown from the start: the member sees what goes out.
    expect($<HTMLTextAreaElement>("card-text").value).toBe(cardText);
    $("card-save").click();
    await settle();
    expect(own().slice(0, 2)).toEqual([
      ["choose_file", { purpose: "member_card_save", suggested: "lidkaart-ruud-de-wit.tafelkaart" }],
      ["save_member_card", { path: "/tmp/lidkaart-ruud-de-wit.tafelkaart" }],
    ]);
    expect($("card-saved").dataset.path).toBe("/tmp/lidkaart-ruud-de-wit.tafelkaart");
    $("card-copy").click();
    await settle();
    // jsdom has no clipboard: the text is selected for Ctrl+C, and the page says so.
    expect(all("card-copied").length + all("card-copy-manual").length).toBe(1);
  });
});

describe("Delen: the coordinator adds a member", () => {
  beforeEach(() => {
    identity = coordinatorIdentity;
    rosterView = roster;
  });

  it("checks a pasted card and adds it only once the fingerprint was compared", async () => {
    answer.preview_member_card = () => preview;
    answer.add_member = () => ({ member: roster.members[1], fingerprint: memberFingerprint, roster_version: 3 });
    await open();
    type("add-card-text", cardText);
    $("add-card-check").click();
    await settle();
    expect(own()).toEqual([["preview_member_card", { cardText }]]);
    expect($("add-card-person").textContent).toBe("Ruud de Wit");
    expect($("add-card-fingerprint").dataset.fingerprint).toBe(memberFingerprint);
    expect($<HTMLSelectElement>("add-card-financier").value).toBe("fin-rom");
    expect(document.body.textContent).toContain("Bel Ruud de Wit");
    const add = $<HTMLButtonElement>("add-member");
    expect(add.disabled).toBe(true);
    $<HTMLInputElement>("add-card-compared").click();
    flushSync();
    expect(add.disabled).toBe(false);
    choose("add-card-financier", "fin-rabo");
    add.click();
    await settle();
    expect(own()[1]).toEqual(["add_member", { cardText, organisation: "fin-rabo" }]);
    expect($("add-member-done").dataset.version).toBe("3");
    expect(document.querySelector('[data-testid="add-card-preview"]')).toBeNull();
  });

  it("reads a card chosen in the open dialog and shows why a bad one is refused", async () => {
    chosen = "/tmp/ruud.tafelkaart";
    answer.read_member_card = () => "geen kaart";
    answer.preview_member_card = () =>
      reject({ code: "sync_bad_card", message: "Dit is geen geldige lidkaart van Tafel (it does not start with TAFEL-LIDKAART-1:). Vraag het lid een nieuwe kaart te maken.", message_en: "Not a card.", fields: [], rows: [] });
    await open();
    $("add-card-path-browse").click();
    await settle();
    expect(own()).toEqual([
      ["choose_file", { purpose: "member_card_open", suggested: null }],
      ["read_member_card", { path: "/tmp/ruud.tafelkaart" }],
      ["preview_member_card", { cardText: "geen kaart" }],
    ]);
    expect($("add-card-error").dataset.code).toBe("sync_bad_card");
    expect(document.querySelector('[data-testid="add-card-preview"]')).toBeNull();
  });

  it("lists the roster and removes a device only after asking", async () => {
    answer.remove_member = () => ({ ...roster, members: [roster.members[0]] });
    await open();
    const rows = all("roster-row");
    expect(rows.map((r) => r.dataset.person)).toEqual(["Marieke Jansen", "Ruud de Wit"]);
    expect(rows[1].querySelector('[data-testid="roster-unacknowledged"]')?.textContent).toBe("3");
    expect(rows[0].querySelector('[data-testid="roster-remove"]')).toBeNull();
    $("roster-remove").click();
    flushSync();
    expect($("roster-remove-ask").textContent).toContain("Ruud de Wit van de ledenlijst verwijderen?");
    expect(own()).toEqual([]);
    $("roster-remove-confirm").click();
    await settle();
    expect(own()).toEqual([["remove_member", { reference: "dev-rom" }]]);
    expect($("roster-removed").textContent).toContain("Ruud de Wit");
  });

  it("settles conflicts: revert only where the core can", async () => {
    conflicts = [conflict(), conflict({ entity: "case", entity_id: "case-1", field: "status", financier_name: null, later_clock: "c2", revertable: false })];
    answer.resolve_conflict = () => [conflict({ resolution: "reverted" })];
    await open();
    expect(all("conflict-row").length).toBe(2);
    expect(all("conflict-revert").length).toBe(1);
    expect(all("conflict-confirm").length).toBe(2);
    $("conflict-revert").click();
    await settle();
    expect(own()).toEqual([["resolve_conflict", { entity: "response", entityId: "case-1/fin-rom", field: "status", laterClock: "1800000000000-0-dev-rom", resolution: "revert" }]]);
  });
});

describe("Delen: synchronising and joining", () => {
  it("sets the shared folder chosen in the folder dialog", async () => {
    identity = memberIdentity;
    chosen = "/gedeeld";
    answer.set_sync_folder = (a) => a.path;
    await open();
    expect($<HTMLButtonElement>("sync-run").disabled).toBe(true);
    $("sync-folder-browse").click();
    await settle();
    expect(own()).toEqual([
      ["choose_file", { purpose: "sync_folder", suggested: null }],
      ["set_sync_folder", { path: "/gedeeld" }],
    ]);
    expect($<HTMLInputElement>("sync-folder").value).toBe("/gedeeld");
    expect($<HTMLButtonElement>("sync-run").disabled).toBe(false);
  });

  it("asks a device on no table for the coordinator's fingerprint, refuses a wrong one and joins with the right one", async () => {
    identity = memberIdentity;
    folder = "/gedeeld";
    answer.sync_join_offer = () => offer;
    answer.sync_now = (a) => {
      if (a.joinFingerprint === null) return reject(notJoined);
      if (a.joinFingerprint !== coordinatorFingerprint) return reject(mismatch);
      return syncReport;
    };
    await open();
    $("sync-run").click();
    await settle();
    const dialog = $("join-dialog");
    expect(dialog.textContent).toContain("Deelnemen aan Financieringstafel Utrecht");
    expect(dialog.textContent).toContain("Marieke Jansen");
    expect($("join-expected").dataset.fingerprint).toBe(coordinatorFingerprint);
    expect(document.querySelector('[data-testid="sync-error"]')).toBeNull();

    type("join-fingerprint", "00000 11111");
    $("join-confirm").click();
    await settle();
    expect($("join-error").dataset.code).toBe("sync_fingerprint_mismatch");
    expect($("join-dialog")).not.toBeNull();

    type("join-fingerprint", coordinatorFingerprint);
    $("join-confirm").click();
    await settle();
    expect(document.querySelector('[data-testid="join-dialog"]')).toBeNull();
    expect($("sync-summary").textContent).toContain("412 wijzigingen ontvangen van de coördinator");
    expect($("sync-bundle").textContent).toContain("U neemt deel aan Financieringstafel Utrecht");
    const syncs = own().filter(([cmd]) => cmd === "sync_now");
    expect(syncs.map(([, a]) => a.joinFingerprint)).toEqual([null, "00000 11111", coordinatorFingerprint]);
    for (const [, a] of syncs) expect(a.operation).toMatch(/^op-/);
  });

  it("joins a hub by its address, syncs through it without a folder, and says so when the hub cannot be reached", async () => {
    identity = memberIdentity;
    answer.hub_join = () => ({ address: "tafel_m_ab@localhost:55460/tafels", administers: false });
    answer.sync_now = () => ({
      ...syncReport,
      folder: "",
      transports: [{ kind: "hub", name: "tafel_m_ab@localhost:55460/tafels", reached: false, error_code: "hub_unreachable", error_nl: "De hub is niet bereikbaar", error_en: "The hub cannot be reached" }],
    });
    await open();
    expect($<HTMLButtonElement>("sync-run").disabled).toBe(true);
    expect($<HTMLButtonElement>("hub-join").disabled).toBe(true);
    type("hub-url", "postgres://tafel_m_ab:geheim@localhost:55460/tafels");
    $("hub-join").click();
    await settle();
    expect(own().find(([cmd]) => cmd === "hub_join")?.[1]).toEqual({ url: "postgres://tafel_m_ab:geheim@localhost:55460/tafels" });
    expect($("hub-joined").textContent).toContain("tafel_m_ab@localhost:55460/tafels");
    expect($("hub-joined").textContent).not.toContain("geheim");
    expect($<HTMLButtonElement>("sync-run").disabled).toBe(false);
    $("sync-run").click();
    await settle();
    expect($("sync-unreachable").textContent).toContain("De hub (tafel_m_ab@localhost:55460/tafels) was niet bereikbaar. Tafel werkt gewoon door");
  });

  it("shows why a hub address is refused", async () => {
    identity = memberIdentity;
    answer.hub_join = () => reject({ code: "hub_login_refused", message: "De hub weigert de aanmelding", message_en: "refused", fields: [] });
    await open();
    type("hub-url", "postgres://x:y@localhost/z");
    $("hub-join").click();
    await settle();
    expect($("hub-error").dataset.code).toBe("hub_login_refused");
    expect($("hub-error").textContent).toContain("De hub weigert de aanmelding");
  });

  it("shows a sync's refusal when there is no invitation to show", async () => {
    identity = memberIdentity;
    folder = "/gedeeld";
    answer.sync_join_offer = () => null;
    answer.sync_now = () => reject(notJoined);
    await open();
    $("sync-run").click();
    await settle();
    expect(document.querySelector('[data-testid="join-dialog"]')).toBeNull();
    expect($("sync-error").dataset.code).toBe("sync_not_joined");
  });

  it("reads a bundle Tafel was started to open (a double-click) at once", async () => {
    identity = memberIdentity;
    answer.import_bundle = () => syncReport.bundles[0].imported;
    pendingBundle.path = "/home/ruud/Downloads/van-marieke.tafel";
    await open();
    await settle();
    expect(own()).toEqual([["import_bundle", { path: "/home/ruud/Downloads/van-marieke.tafel", joinFingerprint: null }]]);
    expect($("bundle-imported").textContent).toContain("412 wijzigingen");
    expect(pendingBundle.path).toBeNull();
  });

  it("reads a bundle file and joins with it as a sync does", async () => {
    identity = memberIdentity;
    chosen = "/usb/uitnodiging.tafel";
    answer.bundle_join_offer = () => ({ ...offer, file: "uitnodiging.tafel" });
    answer.import_bundle = (a) => (a.joinFingerprint === coordinatorFingerprint ? syncReport.bundles[0].imported : reject(notJoined));
    await open();
    $("bundle-import").click();
    await settle();
    expect($("join-dialog")).not.toBeNull();
    type("join-fingerprint", coordinatorFingerprint);
    $("join-confirm").click();
    await settle();
    expect(own()).toEqual([
      ["choose_file", { purpose: "bundle_open", suggested: null }],
      ["import_bundle", { path: "/usb/uitnodiging.tafel", joinFingerprint: null }],
      ["bundle_join_offer", { path: "/usb/uitnodiging.tafel" }],
      ["import_bundle", { path: "/usb/uitnodiging.tafel", joinFingerprint: coordinatorFingerprint }],
    ]);
    expect($("bundle-imported").textContent).toContain("412 wijzigingen van Marieke Jansen (Coördinator)");
  });
});
