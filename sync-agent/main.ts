/**
 * The agent program: `agent <command> [options]` (cli/main.ts). The Node.js version is checked
 * first and the CLI, with @kubernetes/client-node, is loaded only then: on too old a Node that
 * library crashes while loading, before any of our code could say why.
 */
import { EXIT } from './cli/command.ts'
import { nodeVersionProblem } from './cli/node-version.ts'

const problem = nodeVersionProblem(process.versions.node)
if (problem) {
  process.stderr.write(`agent: ${problem}\n`)
  process.exitCode = EXIT.usage
} else {
  const { main, processIo } = await import('./cli/main.ts')
  try {
    process.exitCode = await main(process.argv.slice(2), processIo)
  } catch (err) {
    process.stderr.write(`agent: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    process.exitCode = EXIT.failure
  }
}
