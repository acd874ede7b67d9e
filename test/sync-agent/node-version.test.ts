/** The Node.js check the agent makes before loading client-node (which crashes on Node 20). */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { nodeVersionProblem, REQUIRED_NODE } from '../../sync-agent/cli/node-version.ts'

describe('Node.js version check', () => {
  it.each(['22.12.0', '22.23.3', '23.0.0', '24.1.0'])('accepts %s', (version) => {
    expect(nodeVersionProblem(version)).toBeNull()
  })
  it.each(['20.20.2', '22.11.9', '18.0.0'])('refuses %s, saying what is needed and how to get it', (version) => {
    expect(nodeVersionProblem(version)).toBe(
      `needs Node.js >= 22.12.0, this is ${version}; run it with "npm run agent --" (which uses the project's Node 22) or put Node 22 first on PATH`,
    )
  })
  it('asks for what package.json engines says', () => {
    const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node
    expect(`>=${REQUIRED_NODE}`).toBe(`${engines}.0`)
  })
})
