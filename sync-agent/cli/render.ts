/**
 * `agent render --config Corefile --manifests file-or-dir [--owner ID] [--format zonefile
 * [--zone Z]]`: prints the record set the agent would publish, as stable pretty JSON, or its
 * zones as RFC 1035 master files; warnings go to stderr.
 */
import { normalizeName } from '../../src/core/dns/names.ts'
import type { RecordSet } from '../../src/core/recordset/schema.ts'
import { ownerProblem } from '../config/k8s-gateway.ts'
import { isInputError, renderFiles } from '../render-files.ts'
import { zoneFile } from '../render/zonefile.ts'
import { type Command, EXIT, parseFlags } from './command.ts'

const USAGE = `Usage: agent render --config <Corefile> --manifests <file-or-dir> [--owner <id>]
                    [--format json|zonefile] [--zone <zone>]

Renders Kubernetes manifests into the record set k8s_gateway would serve, as JSON on stdout,
or as zone files a BIND, Knot or NSD secondary can load.

Options:
  --config, -c     Corefile with a k8s_gateway block (required)
  --manifests, -m  a manifest file, or a directory read recursively (required)
  --owner          owner id of the record set (default "default")
  --format         json (default): the record set; zonefile: each zone as an RFC 1035 master file
  --zone           with --format zonefile: only this zone (one file, ready to load)
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
        format: { type: 'string', default: 'json' },
        zone: { type: 'string' },
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
    const problem = ownerProblem(owner) ?? formatProblem(values.format, values.zone)
    if (problem) {
      io.stderr(`agent render: ${problem}\n`)
      return EXIT.usage
    }
    try {
      const { recordSet, warnings } = await renderFiles(values.config, values.manifests, owner)
      for (const warning of warnings) io.stderr(`warning: ${warning}\n`)
      if (values.format === 'json') {
        io.stdout(`${JSON.stringify(recordSet, null, 2)}\n`)
        return EXIT.ok
      }
      const files = zoneFiles(recordSet, values.zone)
      if (typeof files === 'string') {
        io.stderr(`agent render: ${files}\n`)
        return EXIT.usage
      }
      io.stdout(files.join('\n'))
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

function formatProblem(format: string | undefined, zone: string | undefined): string | null {
  if (format !== 'json' && format !== 'zonefile') return `--format must be json or zonefile, got "${format}"`
  if (zone !== undefined && format !== 'zonefile') return '--zone needs --format zonefile'
  return null
}

/** One master file per zone, in Corefile order, or only `--zone`'s; a message when it is not served. */
function zoneFiles(set: RecordSet, wanted: string | undefined): string[] | string {
  if (wanted === undefined) return set.zones.map((zone) => zoneFile(set, zone))
  const zone = set.zones.find((z) => z.zone === normalizeName(wanted.trim()))
  if (!zone) return `--zone ${wanted} is not among the zones (${set.zones.map((z) => z.zone).join(', ')})`
  return [zoneFile(set, zone)]
}
