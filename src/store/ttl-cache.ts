/**
 * A bounded map whose entries expire: the isolate-level cache that lets a warm worker answer
 * without touching KV. Eviction is second-chance (CLOCK): a hit only marks its entry, and the
 * oldest entry is evicted unless it was used since it was last looked at, in which case it
 * goes back to the young end. That approximates LRU while a hit costs one Map lookup, which
 * matters because every query makes a few.
 */
interface Entry<V> {
  value: V
  expires: number
  used: boolean
}

export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>()

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The entry (its `value`), or undefined when absent or expired. */
  get(key: string): { value: V } | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (entry.expires <= this.now()) {
      this.entries.delete(key)
      return undefined
    }
    entry.used = true
    return entry
  }

  set(key: string, value: V, ttlMs: number): void {
    this.entries.delete(key)
    this.entries.set(key, { value, expires: this.now() + ttlMs, used: false })
    while (this.entries.size > this.maxEntries) this.evictOne()
  }

  get size(): number {
    return this.entries.size
  }

  private evictOne(): void {
    // Bounded: each pass clears a mark, so after one lap an unmarked entry is found.
    for (const [key, entry] of this.entries) {
      this.entries.delete(key)
      if (!entry.used) return
      entry.used = false
      this.entries.set(key, entry)
    }
  }
}
