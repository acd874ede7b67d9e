import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'

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

type Flags<T extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: false }>>['values']

/**
 * A command's flags, or the exit code when there is nothing to run: usage printed for
 * `--help` (0) or for flags parseArgs refuses (2, with its message).
 */
export function parseFlags<T extends ParseArgsOptionsConfig>(
  command: string,
  args: string[],
  options: T,
  usage: string,
  io: Io,
): Flags<T> | number {
  let values: Flags<T>
  try {
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values
  } catch (err) {
    io.stderr(`agent ${command}: ${(err as Error).message}\n\n${usage}`)
    return EXIT.usage
  }
  if ((values as { help?: boolean }).help) {
    io.stdout(usage)
    return EXIT.ok
  }
  return values
}
