/** Small measuring helpers: percentiles, heap after GC, a printed table. */

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

export function heapMiB(): number {
  ;(globalThis as { gc?: () => void }).gc?.()
  return process.memoryUsage().heapUsed / 2 ** 20
}

export function table(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map(String))]
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)))
  console.log(`\n${title}`)
  for (const [n, row] of cells.entries()) {
    console.log(`  ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`)
    if (n === 0) console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`)
  }
}

export const fmt = (n: number, digits = 1): string => n.toFixed(digits)
