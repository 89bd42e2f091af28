import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { api, isErrorPayload, toErrorPayload } from "./api";
import { invalidInput } from "../test/fixtures";
import { nearest, partialStack, pinOutsideRange } from "../test/matchFixtures";

afterEach(() => clearMocks());

// Which commands and argument names the wrappers use is checked against src-tauri/src/main.rs by
// tests/integration/ipc.rs; here, what the wrappers do with the answers and the rejections.
describe("api", () => {
  it("passes the core's ErrorPayload through as the rejection", async () => {
    mockIPC(() => Promise.reject(invalidInput));
    await expect(api.addCase({} as never)).rejects.toEqual(invalidInput);
  });

  it("turns other rejections into an ErrorPayload with a Dutch message", async () => {
    mockIPC(() => Promise.reject("invalid args `filter` for command `list_cases`"));
    const err = await api.listFinanciers().catch((e: unknown) => e);
    expect(isErrorPayload(err)).toBe(true);
    expect(err).toMatchObject({ code: "internal", fields: [], rows: [] });
    expect((err as { message: string }).message).toContain("Onverwachte fout");
  });

  it("fills in missing parts of a partial payload", () => {
    expect(toErrorPayload({ code: "wrong_key", message: "De sleutel opent deze database niet." })).toEqual({
      code: "wrong_key",
      message: "De sleutel opent deze database niet.",
      message_en: "De sleutel opent deze database niet.",
      fields: [],
      rows: [],
    });
    expect(toErrorPayload(new Error("boom")).message_en).toBe("Unexpected error: boom");
  });

  it("asks the shell's native dialog for a file by purpose and gives the chosen path, or null when cancelled", async () => {
    const calls: [string, unknown][] = [];
    let answer: string | null = "/home/marieke/casussen.xlsx";
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return answer;
    });
    expect(await api.chooseFile("case_sheet")).toBe("/home/marieke/casussen.xlsx");
    answer = null;
    expect(await api.chooseFile("spreadsheet_export", "tafel-casussen.xlsx")).toBeNull();
    expect(calls).toEqual([
      ["choose_file", { purpose: "case_sheet", suggested: null }],
      ["choose_file", { purpose: "spreadsheet_export", suggested: "tafel-casussen.xlsx" }],
    ]);
  });

  it("rejects an all-or-nothing import with the core's row errors", async () => {
    const refused = {
      code: "import_rows_invalid",
      message: "2 regels zijn ongeldig; er is niets geïmporteerd.",
      message_en: "2 rows are invalid; nothing was imported.",
      fields: [],
      rows: [{ line: 4, errors: [{ field: "company.kvk", code: "kvk_format", message: "KvK-nummer moet uit precies 8 cijfers bestaan.", message_en: "" }] }],
    };
    mockIPC(() => Promise.reject(refused));
    const err = await api.importCases("/tmp/x.csv", null, "all_or_nothing").catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "import_rows_invalid", rows: [{ line: 4 }] });
  });

  it("returns the partial stack and the nearest instruments when no stack covers the need", async () => {
    mockIPC((cmd) => (cmd === "propose_stacks" ? { stacks: [], partial: partialStack, nearest } : Promise.reject(new Error(cmd))));
    const proposal = await api.proposeStacks("case-1", { pinned: [], excluded_instruments: [], acceptable_capital_types: [] });
    expect(proposal.stacks).toEqual([]);
    expect(proposal.partial?.gap_cents).toBe(45_000_000);
    expect(proposal.nearest.map((n) => n.instrument_id)).toEqual(["ins-rom", "ins-liof"]);
  });

  it("rejects a refused pin with the core's ErrorPayload and its field messages", async () => {
    mockIPC(() => Promise.reject(pinOutsideRange));
    const err = await api.proposeStacks("case-1", { pinned: [], excluded_instruments: [], acceptable_capital_types: [] }).catch((e: unknown) => e);
    expect(isErrorPayload(err)).toBe(true);
    expect(err).toEqual(pinOutsideRange);
  });

  it("calls the erasure and retention commands with main.rs's argument names", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    await api.previewCompanyErasure("71234567");
    await api.eraseCompany("company-1", "Bakkerij De Korenaar B.V.");
    await api.eraseCompanyContact("2026-0007");
    await api.eraseContact("con-1");
    await api.eraseReceivedReferral(3);
    await api.retentionSettings();
    await api.setRetentionMonths(36);
    await api.previewRetention(null);
    await api.previewRetention(12);
    await api.applyRetention(24);
    expect(calls).toEqual([
      ["preview_company_erasure", { reference: "71234567" }],
      ["erase_company", { reference: "company-1", confirmName: "Bakkerij De Korenaar B.V." }],
      ["erase_company_contact", { reference: "2026-0007" }],
      ["erase_contact", { contactId: "con-1" }],
      ["erase_received_referral", { id: 3 }],
      ["retention_settings", {}],
      ["set_retention_months", { months: 36 }],
      ["preview_retention", { months: null }],
      ["preview_retention", { months: 12 }],
      ["apply_retention", { months: 24 }],
    ]);
  });
});
