import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { pickOpenPath, pickSavePath, SPREADSHEET_FILTER } from "./dialog";

afterEach(() => clearMocks());

describe("file dialogs", () => {
  it("asks the dialog plugin for a spreadsheet and returns the path", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return cmd === "plugin:dialog|open" ? "/home/marieke/casussen.xlsx" : "/home/marieke/export.csv";
    });
    expect(await pickOpenPath([SPREADSHEET_FILTER])).toBe("/home/marieke/casussen.xlsx");
    expect(await pickSavePath("export.csv", [{ name: "CSV", extensions: ["csv"] }])).toBe("/home/marieke/export.csv");
    expect(calls[0][0]).toBe("plugin:dialog|open");
    expect(calls[0][1]).toMatchObject({ options: { filters: [{ name: "Spreadsheet", extensions: ["xlsx", "csv"] }] } });
    expect(calls[1][0]).toBe("plugin:dialog|save");
    expect(calls[1][1]).toMatchObject({ options: { defaultPath: "export.csv" } });
  });

  it("gives null when cancelled or when no dialog can be shown (the typed path stays)", async () => {
    mockIPC(() => null);
    expect(await pickOpenPath([SPREADSHEET_FILTER])).toBeNull();
    mockIPC(() => Promise.reject("dialog.open not allowed"));
    expect(await pickSavePath("x.json", [])).toBeNull();
  });
});
