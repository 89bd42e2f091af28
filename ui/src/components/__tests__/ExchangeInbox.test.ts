// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { InboxItem } from "../../lib/bindings/InboxItem";
import type { PartnerView } from "../../lib/bindings/PartnerView";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { $, all, settle } from "../../test/dom";
import { taxonomy } from "../../test/fixtures";
import { callsOf, record } from "../../test/ipc";
import { show, tearDown } from "../../test/mount";
import ExchangeInboxSection from "../sharing/ExchangeInboxSection.svelte";

let partners: PartnerView[];
let items: InboxItem[];

const amsterdam: PartnerView = {
  table_id: "t-ams",
  table_name: "Financieringstafel Amsterdam",
  financier_id: "fin-ams",
  person: "Joost Visser",
  fingerprint: "12345 67890",
};

function item(over: Partial<InboxItem>): InboxItem {
  return {
    id: 1,
    from_table_name: "Financieringstafel Amsterdam",
    referred_by: "Joost Visser",
    case_number: "2026-0042",
    reason: "Buiten onze regio",
    referred_on: "2026-12-01",
    company_name: null,
    kvk: null,
    amount_cents: 35_000_000,
    case_id: null,
    erased: false,
    ...over,
  };
}

beforeEach(() => {
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  window.location.hash = "#/sharing";
  partners = [amsterdam];
  items = [
    item({ id: 2, company_name: "Utrechtse Zonnedaken BV", kvk: "87654321", reason: "Groeifinanciering" }),
    item({ id: 1 }),
    item({ id: 3, case_id: "case-9", reason: "Al opgenomen" }),
  ];
  record((cmd, args) => {
    if (cmd === "exchange_partners") return partners;
    if (cmd === "exchange_inbox") return items;
    if (cmd === "accept_referral") return { id: `case-from-${args.id}` };
    if (cmd === "erase_received_referral") {
      items = items.map((i) => (i.id === args.id ? { ...i, company_name: null, kvk: null, reason: "[gewist]", erased: true } : i));
      return { kind: "received_referral", subject_id: String(args.id), case_ids: [], company_ids: [], counts: { rows: 1, log_entries: 0 }, recorded: true, vacuumed: true, wal_checkpointed: true };
    }
    if (cmd === "app_info") return null;
    throw new Error(`unexpected ${cmd}`);
  });
});

afterEach(tearDown);

describe("Referrals from other tables", () => {
  it("lists each referral with where it came from, named only when it came named, and logs one as a case", async () => {
    show(ExchangeInboxSection, {});
    await settle();
    expect($("exchange-inbox")!.textContent).toContain("Financieringstafel Amsterdam");
    const rows = all("exchange-row");
    expect(rows.map((r) => [r.dataset.id, r.dataset.named, r.dataset.accepted])).toEqual([
      ["2", "true", "false"],
      ["1", "false", "false"],
      ["3", "false", "true"],
    ]);
    expect(rows[0].textContent).toContain("Utrechtse Zonnedaken BV");
    expect(rows[0].textContent).toContain("KvK 87654321");
    expect(rows[1].textContent).toContain("Geanonimiseerd");
    expect(rows[1].textContent).toContain("€ 350.000");
    expect(rows[1].textContent).toContain("door Joost Visser op 01-12-2026");
    expect(rows[1].textContent).toContain("daar casus 2026-0042");
    expect(rows[2].querySelector('[data-testid="exchange-accept"]')).toBeNull();

    (rows[1].querySelector('[data-testid="exchange-accept"]') as HTMLButtonElement).click();
    await settle();
    expect(callsOf("accept_referral")).toEqual([{ id: 1 }]);
    expect(window.location.hash).toBe("#/cases/case-from-1");
  });

  it("erases what a referral never accepted says of its company, after a second click, and shows it erased", async () => {
    show(ExchangeInboxSection, {});
    await settle();
    let rows = all("exchange-row");
    expect(rows[2].querySelector('[data-testid="exchange-erase"]')).toBeNull();
    (rows[0].querySelector('[data-testid="exchange-erase"]') as HTMLButtonElement).click();
    await settle();
    expect(callsOf("erase_received_referral")).toEqual([]);
    expect(all("exchange-row")[0].textContent).toContain("niet ongedaan");
    (all("exchange-row")[0].querySelector('[data-testid="exchange-erase-confirm"]') as HTMLButtonElement).click();
    await settle();
    expect(callsOf("erase_received_referral")).toEqual([{ id: 2 }]);
    rows = all("exchange-row");
    expect(rows[0].textContent).not.toContain("Zonnedaken");
    expect(rows[0].textContent).toContain("[gewist]");
    expect(rows[0].querySelector('[data-testid="exchange-erase"]')).toBeNull();
    expect(rows[0].querySelector('[data-testid="exchange-accept"]')).not.toBeNull();
  });

  it("shows nothing for a table that exchanges with no other table", async () => {
    partners = [];
    items = [];
    show(ExchangeInboxSection, {});
    await settle();
    expect($("exchange-inbox")).toBeNull();
  });

  it("says why a referral could not be logged", async () => {
    record((cmd) => {
      if (cmd === "exchange_partners") return partners;
      if (cmd === "exchange_inbox") return items;
      if (cmd === "accept_referral") throw { code: "exchange_already_accepted", message: "Deze doorverwijzing is al opgenomen als casus.", message_en: "", fields: [], rows: [] };
      if (cmd === "app_info") return null;
      throw new Error(`unexpected ${cmd}`);
    });
    show(ExchangeInboxSection, {});
    await settle();
    (all("exchange-row")[1].querySelector('[data-testid="exchange-accept"]') as HTMLButtonElement).click();
    await settle();
    expect($("exchange-error")!.textContent).toContain("al opgenomen");
    expect(window.location.hash).toBe("#/sharing");
  });
});
