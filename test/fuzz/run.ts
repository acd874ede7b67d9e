/** `npm run fuzz [-- RUNS [SEED]]`: a million requests by default, in batches with progress. */
import { fuzz } from './harness.ts'

const runs = Number(process.argv[2] ?? 1_000_000)
const seed = Number(process.argv[3] ?? Date.now() % 0x7fffffff)
const batch = 50_000
const started = performance.now()
console.log(`fuzz: ${runs.toLocaleString('en')} requests, seed ${seed}`)
for (let done = 0; done < runs; done += batch) {
  const n = Math.min(batch, runs - done)
  await fuzz(n, seed + done)
  const s = (performance.now() - started) / 1000
  console.log(`  ${(done + n).toLocaleString('en')} requests, ${s.toFixed(0)} s, ${Math.round((done + n) / s)} req/s`)
}
console.log(`fuzz: ${runs.toLocaleString('en')} requests, no violation, ${((performance.now() - started) / 1000).toFixed(0)} s`)
