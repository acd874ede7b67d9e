/**
 * Runs one kind's renderer on its own, to see the entries it returns before render.ts drops
 * what holds no data: the Gateways, Services and EndpointSlices it may read are looked up
 * among `others` as render.ts does (by `namespace/name`, slices by their Service's name).
 */
import type { AgentConfig } from '../../../sync-agent/config/types.ts'
import { sliceService } from '../../../sync-agent/render/endpoint-slice.ts'
import { objectKey } from '../../../sync-agent/render/objects.ts'
import type { Entry, KindRenderer, KubeObject } from '../../../sync-agent/render/types.ts'
import { testConfig } from '../helpers.ts'

export function renderKind(
  renderer: KindRenderer,
  object: KubeObject,
  others: KubeObject[] = [],
  overrides: Partial<AgentConfig> = {}
): { entries: Entry[]; warnings: string[] } {
  const warnings: string[] = []
  const of = (kind: string) => others.filter((o) => o.kind === kind)
  const entries = renderer(object, {
    config: testConfig(overrides),
    warn: (message) => void warnings.push(message),
    gateway: (k) => of('Gateway').find((o) => objectKey(o) === k),
    service: (k) => of('Service').find((o) => objectKey(o) === k),
    endpointSlices: (k) => of('EndpointSlice').filter((o) => sliceService(o) === k),
  })
  return { entries, warnings }
}
