// Native open/save dialogs (tauri-plugin-dialog). Every place that picks a file also has a
// plain text field for the path, so a failing or cancelled dialog just leaves the path as it was.

import { open, save } from "@tauri-apps/plugin-dialog";

export interface FileFilter {
  name: string;
  extensions: string[];
}

export const SPREADSHEET_FILTER: FileFilter = { name: "Spreadsheet", extensions: ["xlsx", "csv"] };

/** A register file: a spreadsheet, or JSON with the columns of `register.csv`. */
export const REGISTER_FILTER: FileFilter = { name: "Register", extensions: ["xlsx", "csv", "json"] };

/** Asks for an existing file; `null` when cancelled or when no dialog can be shown. */
export async function pickOpenPath(filters: FileFilter[]): Promise<string | null> {
  try {
    const picked = await open({ multiple: false, directory: false, filters });
    return typeof picked === "string" ? picked : null;
  } catch {
    return null;
  }
}

/** Asks where to write a file; `null` when cancelled or when no dialog can be shown. */
export async function pickSavePath(defaultPath: string, filters: FileFilter[]): Promise<string | null> {
  try {
    return (await save({ defaultPath, filters })) ?? null;
  } catch {
    return null;
  }
}
