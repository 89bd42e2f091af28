// The shell as a component test sees it: every command the component sends is recorded, then
// answered by the test's own function. One copy, so every test reads the commands alike.
import { mockIPC } from "@tauri-apps/api/mocks";

/** One command sent: its name and arguments. */
export type Call = [string, Record<string, unknown>];

/** The commands sent since the last `record`, in order. */
export const calls: Call[] = [];

/** Mocks the shell afresh: `calls` is emptied, then every command is recorded and answered by `answer`. */
export function record(answer: (cmd: string, args: Record<string, unknown>) => unknown): void {
  calls.length = 0;
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push([cmd, a]);
    return answer(cmd, a);
  });
}

/** The arguments of every `cmd` sent, in order. */
export const callsOf = (cmd: string): Record<string, unknown>[] => calls.filter(([c]) => c === cmd).map(([, a]) => a);
