// @vitest-environment jsdom
import { mockIPC } from "@tauri-apps/api/mocks";
import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Document } from "../../lib/bindings/Document";
import type { DocumentReceipt } from "../../lib/bindings/DocumentReceipt";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { doc } from "../../test/documentFixtures";
import { taxonomy } from "../../test/fixtures";
import { changeableProps } from "../../test/props.svelte";
import DossierSection from "../cases/DossierSection.svelte";
import { show, tearDown } from "../../test/mount";

let calls: [string, Record<string, unknown>][];
let documents: Document[];
let receipts: DocumentReceipt[];

beforeEach(() => {
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  calls = [];
  documents = [doc({})];
  receipts = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push([cmd, a]);
    if (cmd === "list_documents") return documents;
    if (cmd === "document_receipts") return receipts;
    if (cmd === "set_document_level") {
      documents = documents.map((d) =>
        d.id === a.documentId ? { ...d, level: a.level as Document["level"], identifying: a.level === "table" ? ["Bakkerij Zonnedauw BV"] : [] } : d,
      );
      return documents.find((d) => d.id === a.documentId);
    }
    throw new Error(`unexpected ${cmd}`);
  });
});

afterEach(tearDown);

async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) await new Promise((r) => setTimeout(r, 0));
  flushSync();
}

const $ = (selector: string) => document.querySelector<HTMLElement>(selector);

describe("Dossier", () => {
  it("lists a document with its type, date, size, who added it, its level and its flags", async () => {
    show(DossierSection, { props: { caseId: "case-1" } });
    await settle();
    expect(calls[0]).toEqual(["list_documents", { caseId: "case-1", withRemoved: false }]);
    const row = $('[data-testid="dossier-row"]')!;
    const text = row.textContent ?? "";
    expect(text).toContain("KvK-uittreksel");
    expect(text).toContain("uittreksel.pdf");
    expect(text).toContain("versie 2");
    expect(text).toContain("2,5 MB");
    expect(text).toContain("Marieke Jansen");
    expect(text).toContain("tekst niet leesbaar");
    expect($('[data-testid="dossier-stale"]')!.textContent).toContain("ouder dan een maand");
    expect(($('[data-testid="dossier-level"]') as HTMLSelectElement).value).toBe("coordinator");
    expect($('[data-testid="dossier-linked-decline"]')).toBeNull();
  });

  it("shows which member organisations have received a shared document's current version", async () => {
    documents = [doc({ level: "table" })];
    receipts = [
      {
        document_id: "doc-1",
        title: "KvK-uittreksel",
        version: 2,
        whole_table: true,
        recipients: [
          { organisation: "fin-rabo", organisation_name: "Rabobank", received: true },
          { organisation: "fin-rom", organisation_name: "ROM Utrecht Region", received: false },
        ],
      },
    ];
    show(DossierSection, { props: { caseId: "case-1" } });
    await settle();
    expect(calls.find(([c]) => c === "document_receipts")).toEqual(["document_receipts", { caseId: "case-1" }]);
    const block = $('[data-testid="dossier-receipts"]')!;
    expect(block.textContent).toContain("Ontvangen (versie 2):");
    const items = [...document.querySelectorAll<HTMLElement>('[data-testid="dossier-recipient"]')];
    expect(items.map((li) => [li.textContent?.replace(/\s+/g, " ").trim(), li.dataset.received])).toEqual([
      ["✓ Rabobank ontvangen", "true"],
      ["○ ROM Utrecht Region nog niet ontvangen", "false"],
    ]);
  });

  it("shows no receipts for a document nobody is to receive", async () => {
    show(DossierSection, { props: { caseId: "case-1" } });
    await settle();
    expect($('[data-testid="dossier-receipts"]')).toBeNull();
  });

  it("reads the dossier again when the page says it changed elsewhere (a letter linked to a decline)", async () => {
    const props = changeableProps({ caseId: "case-1", revision: 0 });
    show(DossierSection, { props });
    await settle();
    expect($('[data-testid="dossier-linked-decline"]')).toBeNull();
    documents = [doc({ doc_type: "decline_letter", title: "Brief ING", response_id: "resp-ing" })];
    props.revision = 1;
    await settle();
    expect(calls.filter(([c]) => c === "list_documents")).toHaveLength(2);
    expect($('[data-testid="dossier-linked-decline"]')!.textContent).toBe("hoort bij een afwijzing");
  });

  it("says which decline a linked decline letter belongs to", async () => {
    documents = [doc({ doc_type: "decline_letter", title: "Brief ING", response_id: "resp-ing" })];
    show(DossierSection, { props: { caseId: "case-1" } });
    await settle();
    expect($('[data-testid="dossier-linked-decline"]')!.textContent).toBe("hoort bij een afwijzing");
  });

  it("changes who may see a document and warns when a whole-table document names the company", async () => {
    show(DossierSection, { props: { caseId: "case-1" } });
    await settle();
    const select = $('[data-testid="dossier-level"]') as HTMLSelectElement;
    select.value = "table";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    expect(calls.find(([c]) => c === "set_document_level")).toEqual(["set_document_level", { documentId: "doc-1", level: "table" }]);
    expect($('[data-testid="dossier-row"]')!.dataset.level).toBe("table");
    expect($('[data-testid="dossier-identifying"]')!.textContent).toContain("Bakkerij Zonnedauw BV");
  });
});
