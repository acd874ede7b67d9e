/**
 * The Node.js the agent needs, checked before anything else loads: on Node 20,
 * @kubernetes/client-node's undici crashes while loading (`createZstdDecompress` is Node 22's)
 * with "Cannot read properties of undefined (reading 'bind')", which names no cause. npm
 * scripts run the Node 22 the project brings; `node sync-agent/main.ts` runs whatever is first
 * on PATH. Kept equal to package.json `engines` (a test checks).
 */
export const REQUIRED_NODE = '22.12.0'

/** Null when `version` (process.versions.node) is new enough, else what to tell the user. */
export function nodeVersionProblem(version: string, required = REQUIRED_NODE): string | null {
  const have = version.split('.').map(Number)
  const need = required.split('.').map(Number)
  for (let i = 0; i < need.length; i++) {
    const h = have[i] ?? 0
    const n = need[i] ?? 0
    if (h > n) return null
    if (h < n) {
      return `needs Node.js >= ${required}, this is ${version}; run it with "npm run agent --" (which uses the project's Node 22) or put Node 22 first on PATH`
    }
  }
  return null
}
