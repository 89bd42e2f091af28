// What the UI says about a case document, in the dossier and in a member's shared documents alike.

import type { OpenedDocument } from "./bindings/OpenedDocument";
import { t } from "./i18n";

/** The line after opening a document: where its temporary copy is, and when Tafel removes it. */
export function openedText(opened: OpenedDocument): string {
  const key = !opened.viewer_started ? "dossier.noViewer" : opened.removed_when_viewer_exits ? "dossier.opened" : "dossier.openedUntilClose";
  return t(key, { path: opened.path });
}
