import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { draftFromForm } from "./caseForm";
import { captureDefaults, completeKvk, findCompanyByKvk, rememberCapture, type CaptureMemory } from "./quickCapture.svelte";

afterEach(() => clearMocks());

describe("quick capture defaults", () => {
  it("starts a case as intake, anonymised summary only, intake today, owned by the app's author", () => {
    const values = captureDefaults("marieke", { province: "", capitalTypes: [] }, "2026-11-21");
    expect(values.text.status).toBe("intake");
    expect(values.text.disclosure).toBe("public_summary");
    expect(values.text.intake_date).toBe("2026-11-21");
    expect(values.text.owner).toBe("marieke");
    expect(values.text["company.name"]).toBe("");
    expect(values.capitalTypes).toEqual([]);
    const draft = draftFromForm(values);
    expect(draft).toMatchObject({ status: "intake", disclosure: "public_summary", owner: "marieke", intake_date: "2026-11-21" });
  });

  it("remembers province and capital types from the previous capture, and nothing else", () => {
    const memory: CaptureMemory = { province: "", capitalTypes: [] };
    const first = captureDefaults("marieke", memory, "2026-11-21");
    first.text["company.name"] = "Bakkerij De Korenaar";
    first.text["company.province"] = "NB";
    first.text.amount_eur = "1,2 mln";
    first.capitalTypes = ["senior_loan", "guarantee"];
    rememberCapture(first, memory);
    first.capitalTypes.push("equity"); // later edits of the old form do not leak into the memory

    const next = captureDefaults("marieke", memory, "2026-11-21");
    expect(next.text["company.province"]).toBe("NB");
    expect(next.capitalTypes).toEqual(["senior_loan", "guarantee"]);
    expect(next.text["company.name"]).toBe("");
    expect(next.text.amount_eur).toBe("");
  });

  it("works without a known author", () => {
    expect(captureDefaults(null, { province: "", capitalTypes: [] }).text.owner).toBe("");
  });
});

describe("KvK lookup", () => {
  it("only looks up a complete 8-digit number", () => {
    expect(completeKvk("1234567")).toBeNull();
    expect(completeKvk("12345678")).toBe("12345678");
    expect(completeKvk("1234 5678")).toBe("12345678");
    expect(completeKvk("12.34.56.78")).toBe("12345678");
    expect(completeKvk("123456789")).toBeNull();
  });

  it("finds the company with exactly that KvK number among the search hits", async () => {
    const queries: unknown[] = [];
    mockIPC((cmd, args) => {
      expect(cmd).toBe("search_all");
      queries.push(args);
      return {
        cases: [],
        companies: [
          { id: "co-2", name: "Korenaar Holding", kvk: "71234568", province: "UT", latest_case_id: null, case_count: 0 },
          { id: "co-1", name: "Bakkerij De Korenaar B.V.", kvk: "71234567", province: "UT", latest_case_id: "case-1", case_count: 1 },
        ],
        financiers: [],
      };
    });
    expect((await findCompanyByKvk("71234567"))?.id).toBe("co-1");
    expect(await findCompanyByKvk("99999999")).toBeNull();
    expect(queries[0]).toEqual({ query: "71234567" });
  });
});
