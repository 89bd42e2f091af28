// The shell as a component test sees it: every command the component sends is recorded, then
// answered by the test's own function. One copy, so every test reads the commands alike.
import { mockIPC } from "@tauri-apps/api/mocks";

/** One command sent: its name and arguments. */
export type Call = [string, Record<string, unknown>];

/** The commands sent since the last `record`, in order. */
export const calls: Call[] = [];

/** Answers one test puts in place of the usual ones, by command (`answer.save_member_card = (a) => a.path`). */
export const answer: Record<string, (args: Record<string, unknown>) => unknown> = {};

/** Mocks the shell afresh: `calls` and `answer` are emptied, then every command is recorded and answered by
 *  the test's `answer` for it, if it set one, or else by `reply`. */
export function record(reply: (cmd: string, args: Record<string, unknown>) => unknown): void {
  calls.length = 0;
  for (const cmd of Object.keys(answer)) delete answer[cmd];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push([cmd, a]);
    const own = answer[cmd];
    return own ? own(a) : reply(cmd, a);
  });
}

/** The arguments of every `cmd` sent, in order. */
export const callsOf = (cmd: string): Record<string, unknown>[] => calls.filter(([c]) => c === cmd).map(([, a]) => a);
