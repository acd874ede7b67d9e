/** A subcommand of `agent`: main.ts dispatches to it; it returns the process exit code. */
export interface Command {
  /** One line for `agent --help`. */
  summary: string
  /** The full usage text, printed for `agent <command> --help`. */
  usage: string
  run(args: string[], io: Io): Promise<number>
}

export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
}

/** Exit codes: 2 for a problem the user can fix in their input (usage, config, manifests). */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const
