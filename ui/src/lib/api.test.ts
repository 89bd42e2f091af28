import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { api, isErrorPayload, toErrorPayload } from "./api";
import { appInfo, invalidInput, storedCase, summary, taxonomy } from "../test/fixtures";

afterEach(() => clearMocks());

describe("api", () => {
  it("calls every command by its name with the argument names of main.rs", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      switch (cmd) {
        case "app_info":
          return appInfo;
        case "taxonomy":
          return taxonomy;
        case "list_cases":
          return [summary(1)];
        case "get_case":
          return { case: storedCase, history: [] };
        case "add_case":
        case "update_case":
        case "delete_case":
          return storedCase;
        case "list_financiers":
          return [];
        case "get_financier":
          return { id: "fin-1", name: "ROM Utrecht", financier_type: "rom", regions: ["UT"], website: null, notes: null, contacts: [], instruments: [] };
      }
      throw new Error(`unexpected ${cmd}`);
    });

    const filter = { query: "bakker", statuses: [], capital_types: [], provinces: [], owner: null, sort: null, limit: null };
    expect(await api.appInfo()).toEqual(appInfo);
    expect((await api.taxonomy()).capital_types).toHaveLength(4);
    expect(await api.listCases(filter)).toHaveLength(1);
    expect((await api.getCase("case-1")).case.id).toBe("case-1");
    await api.addCase({ company: null } as never);
    await api.updateCase("case-1", { amount_eur: "1,2 mln" });
    await api.deleteCase("case-1");
    await api.listFinanciers();
    expect((await api.getFinancier("fin-1")).name).toBe("ROM Utrecht");

    const byName = Object.fromEntries(calls.map(([cmd, args]) => [cmd, args]));
    expect(Object.keys(byName)).toEqual([
      "app_info",
      "taxonomy",
      "list_cases",
      "get_case",
      "add_case",
      "update_case",
      "delete_case",
      "list_financiers",
      "get_financier",
    ]);
    expect(byName.list_cases).toEqual({ filter });
    expect(byName.get_case).toEqual({ id: "case-1" });
    expect(byName.add_case).toEqual({ draft: { company: null } });
    expect(byName.update_case).toEqual({ id: "case-1", patch: { amount_eur: "1,2 mln" } });
    expect(byName.delete_case).toEqual({ id: "case-1" });
    expect(byName.get_financier).toEqual({ id: "fin-1" });
  });

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
});
