import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import type { MeetingSummary } from "./bindings/MeetingSummary";
import type { SearchHits } from "./bindings/SearchHits";
import { setLanguage } from "./i18n";
import { commandLabel, matchingCommands, meetingToStart, paletteItems, runCommand } from "./palette.svelte";

(globalThis as { window?: unknown }).window ??= globalThis;

const meeting = (id: string, starts_at: string, status: MeetingSummary["status"]): MeetingSummary => ({
  id,
  title: `Tafel ${id}`,
  starts_at,
  status,
  place: null,
  case_count: 2,
  attendee_count: 3,
});

afterEach(() => {
  clearMocks();
  setLanguage("nl");
});

describe("the palette's commands", () => {
  it("are found by their Dutch or English name", () => {
    expect(matchingCommands("", 2026)).toEqual(["new-case", "start-meeting", "report", "backup", "settings"]);
    expect(matchingCommands("back", 2026)).toEqual(["backup"]);
    expect(matchingCommands("rapportage 2026", 2026)).toEqual(["report"]);
    expect(matchingCommands("overleg", 2026)).toEqual(["start-meeting"]);
    expect(matchingCommands("settings", 2026)).toEqual(["settings"]);
    expect(matchingCommands("korenaar", 2026)).toEqual([]);
    expect(commandLabel("report", "nl", 2026)).toBe("Rapportage 2026");
    expect(commandLabel("new-case", "en")).toBe("New case");
  });

  it("come first, meetings last", () => {
    const hits: SearchHits = {
      cases: [],
      companies: [],
      financiers: [],
      meetings: [meeting("m1", "2026-12-10T14:00:00", "planned")],
    };
    const items = paletteItems(hits, "inst");
    expect(items.map((i) => i.kind)).toEqual(["command", "meeting"]);
    expect(items[0]).toMatchObject({ id: "settings", title: "Instellingen" });
    expect(items[1]).toMatchObject({ title: "Tafel m1", detail: "10-12-2026 14:00", route: { name: "meeting", id: "m1" } });
    expect(paletteItems(null, "  ")).toEqual([]);
  });

  it("start the meeting in progress, else the next planned one", () => {
    const now = new Date("2026-12-07T12:00:00");
    const list = [meeting("old", "2026-11-01T14:00:00", "planned"), meeting("next", "2026-12-10T14:00:00", "planned"), meeting("later", "2027-01-14T14:00:00", "planned"), meeting("done", "2026-12-01T14:00:00", "closed")];
    expect(meetingToStart(list, now)?.id).toBe("next");
    expect(meetingToStart([...list, meeting("now", "2026-12-07T10:00:00", "in_progress")], now)?.id).toBe("now");
    expect(meetingToStart([list[0], list[3]], now)).toBeNull();
  });

  it("navigate, or make a backup and say where it went", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "backup_now") return { path: "/data/back-ups/tafel-auto-20261207T120000Z.tafelbackup", taken_at: "2026-12-07T12:00:00Z", bytes: 1024 };
      if (cmd === "list_meetings") return [];
      throw new Error(cmd);
    });
    expect(await runCommand("new-case")).toEqual({ type: "navigate", route: { name: "case-new" } });
    expect(await runCommand("settings")).toEqual({ type: "navigate", route: { name: "settings" } });
    expect(await runCommand("report")).toEqual({ type: "navigate", route: { name: "report" } });
    const made = await runCommand("backup");
    expect(made).toEqual({ type: "message", text: "Back-up gemaakt: /data/back-ups/tafel-auto-20261207T120000Z.tafelbackup" });
    expect(await runCommand("start-meeting")).toEqual({ type: "message", text: "Er is geen gepland overleg om te starten.", error: true });
    expect(calls).toEqual(["backup_now", "list_meetings"]);
  });
});
