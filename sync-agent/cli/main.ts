/**
 * The agent's command line: `agent <command> [options]`. Commands live in a table so others
 * (`sync`, `serve`) plug in with one line each. The program entry is ../main.ts.
 */
import { renderCommand } from './render.ts'
import { syncCommand } from './sync.ts'
import { type Command, EXIT, type Io } from './command.ts'

export const COMMANDS: Record<string, Command> = {
  render: renderCommand,
  sync: syncCommand,
}

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length))
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`)
  const help = 'Run "agent <command> --help" for its options.'
  return `Usage: agent <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n${help}\n`
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined) {
    io.stderr(usage())
    return EXIT.usage
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage())
    return EXIT.ok
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!command) {
    io.stderr(`agent: unknown command "${name}"\n\n${usage()}`)
    return EXIT.usage
  }
  return command.run(args, io)
}

/** The process's own stdout and stderr. */
export const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
}
