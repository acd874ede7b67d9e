/**
 * `agent render --config Corefile --manifests file-or-dir [--owner ID]`: prints the record set
 * the agent would publish, as stable pretty JSON; warnings go to stderr.
 */
import { ownerProblem } from '../config/k8s-gateway.ts'
import { isInputError, renderFiles } from '../render-files.ts'
import { type Command, EXIT, parseFlags } from './command.ts'

const USAGE = `Usage: agent render --config <Corefile> --manifests <file-or-dir> [--owner <id>]

Renders Kubernetes manifests into the record set k8s_gateway would serve, as JSON on stdout.

Options:
  --config, -c     Corefile with a k8s_gateway block (required)
  --manifests, -m  a manifest file, or a directory read recursively (required)
  --owner          owner id of the record set (default "default")
  --help, -h       show this help
`

export const renderCommand: Command = {
  summary: 'print the record set rendered from a Corefile and manifest files',
  usage: USAGE,
  async run(args, io) {
    const values = parseFlags(
      'render',
      args,
      {
        config: { type: 'string', short: 'c' },
        manifests: { type: 'string', short: 'm' },
        owner: { type: 'string', default: 'default' },
        help: { type: 'boolean', short: 'h' },
      },
      USAGE,
      io,
    )
    if (typeof values === 'number') return values
    if (!values.config || !values.manifests) {
      io.stderr(`agent render: --config and --manifests are required\n\n${USAGE}`)
      return EXIT.usage
    }
    const owner = values.owner ?? 'default'
    const problem = ownerProblem(owner)
    if (problem) {
      io.stderr(`agent render: ${problem}\n`)
      return EXIT.usage
    }
    try {
      const { recordSet, warnings } = await renderFiles(values.config, values.manifests, owner)
      for (const warning of warnings) io.stderr(`warning: ${warning}\n`)
      io.stdout(`${JSON.stringify(recordSet, null, 2)}\n`)
      return EXIT.ok
    } catch (err) {
      if (isInputError(err)) {
        io.stderr(`agent render: ${err.message}\n`)
        return EXIT.usage
      }
      throw err
    }
  },
}
