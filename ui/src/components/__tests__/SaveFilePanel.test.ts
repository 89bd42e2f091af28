// @vitest-environment jsdom
// The export, PDF and invite panels write only to a file chosen in the shell's native save dialog.
import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ExportFormat } from "../../lib/bindings/ExportFormat";
import ExportPanel from "../common/ExportPanel.svelte";
import IcsExport from "../meetings/IcsExport.svelte";
import { settle } from "../../test/dom";
import { calls, record } from "../../test/ipc";
import { show, tearDown } from "../../test/mount";

/** What the native save dialog gives: a path, or null when cancelled. */
let chosen: string | null = null;
let exported: [ExportFormat, string][] = [];

beforeEach(() => {
  document.body.innerHTML = "";
  chosen = null;
  exported = [];
  record((cmd, args) => {
    if (cmd === "choose_file") return chosen;
    if (cmd === "save_meeting_ics") return (args as { path: string }).path;
    throw new Error(cmd);
  });
});

afterEach(tearDown);

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.querySelector<T>(`[data-testid="${id}"]`);

function mountExport(): void {
  show(ExportPanel, {
    props: {
      hint: "De casussen van het huidige filter.",
      defaultName: (format: ExportFormat) => `tafel-casussen-2026-11-21.${format}`,
      run: async (format: ExportFormat, path: string) => {
        exported.push([format, path]);
        return { path, rows: 3, format };
      },
      onclose: () => {},
    },
  });
  flushSync();
}

describe("Saving to a file chosen in the native dialog", () => {
  it("opens the save dialog when the button is pressed with no file chosen, then writes there", async () => {
    mountExport();
    const field = $<HTMLInputElement>("export-path")!;
    expect(field.readOnly).toBe(true);
    expect(field.placeholder).toBe("Nog geen bestand gekozen");
    chosen = "/home/marieke/casussen.xlsx";
    $("export-save")!.click();
    await settle();
    expect(calls).toEqual([["choose_file", { purpose: "spreadsheet_export", suggested: "tafel-casussen-2026-11-21.xlsx" }]]);
    expect(exported).toEqual([["xlsx", "/home/marieke/casussen.xlsx"]]);
    expect($("export-result")!.dataset.path).toBe("/home/marieke/casussen.xlsx");
  });

  it("switches the chosen file's extension with the format, and the format with a chosen .csv", async () => {
    mountExport();
    chosen = "/home/marieke/casussen.xlsx";
    $("export-path-browse")!.click();
    await settle();
    $<HTMLInputElement>("export-format-csv")!.click();
    flushSync();
    expect($<HTMLInputElement>("export-path")!.value).toBe("/home/marieke/casussen.csv");
    $<HTMLInputElement>("export-format-xlsx")!.click();
    flushSync();
    chosen = "/home/marieke/lijst.csv";
    $("export-path-browse")!.click();
    await settle();
    expect(calls.at(-1)).toEqual(["choose_file", { purpose: "spreadsheet_export", suggested: "tafel-casussen-2026-11-21.xlsx" }]);
    expect($<HTMLInputElement>("export-format-csv")!.checked).toBe(true);
    $("export-save")!.click();
    await settle();
    expect(exported).toEqual([["csv", "/home/marieke/lijst.csv"]]);
  });

  it("writes nothing and keeps the path when the dialog is cancelled", async () => {
    mountExport();
    $("export-save")!.click();
    await settle();
    expect(exported).toEqual([]);
    expect(document.querySelector('[role="alert"]')).toBeNull();
    chosen = "/home/marieke/casussen.xlsx";
    $("export-path-browse")!.click();
    await settle();
    chosen = null;
    $("export-path-browse")!.click();
    await settle();
    expect($<HTMLInputElement>("export-path")!.value).toBe("/home/marieke/casussen.xlsx");
    expect(exported).toEqual([]);
  });

  it("saves the invite with the invite's purpose; a name chosen without an extension gets .ics", async () => {
    show(IcsExport, { props: { meetingId: "m-1", defaultName: "tafel-2026-11-26.ics", onclose: () => {} } });
    flushSync();
    chosen = "/home/marieke/uitnodiging";
    $("ics-save")!.click();
    await settle();
    expect(calls).toEqual([
      ["choose_file", { purpose: "invite", suggested: "tafel-2026-11-26.ics" }],
      ["save_meeting_ics", { meetingId: "m-1", path: "/home/marieke/uitnodiging.ics" }],
    ]);
    expect($("ics-result")!.dataset.path).toBe("/home/marieke/uitnodiging.ics");
  });
});
