/** The agent's version: package.json's, which the chart's appVersion and the image tag repeat. */
import { createRequire } from 'node:module'

export const AGENT_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version
