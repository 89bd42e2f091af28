// The English dictionaries, one file a feature as lib/i18n/*.ts, merged: a script of its own that
// the window loads only when English is chosen (lib/i18n.ts, loadEnglish); Dutch is the default.
import type { MessageKey } from "../../i18n";
import { en as common } from "./common";
import { en as cases } from "./cases";
import { en as fields } from "./fields";
import { en as importing } from "./import";
import { en as register } from "./register";
import { en as matching } from "./matching";
import { en as meetings } from "./meetings";
import { en as outcome } from "./outcome";
import { en as report } from "./report";
import { en as data } from "./data";
import { en as erasure } from "./erasure";
import { en as sharing } from "./sharing";
import { en as settings } from "./settings";
import { en as dossier } from "./dossier";

/** Each feature's English, by the names of `sections` in lib/i18n.ts. */
export const sections = { common, cases, fields, import: importing, register, matching, meetings, outcome, report, data, erasure, sharing, settings, dossier } as const;

export const en: Record<MessageKey, string> = {
  ...common,
  ...cases,
  ...fields,
  ...importing,
  ...register,
  ...matching,
  ...meetings,
  ...outcome,
  ...report,
  ...data,
  ...erasure,
  ...sharing,
  ...settings,
  ...dossier,
};
