/**
 * A bounded map whose entries expire: the isolate-level cache that lets a warm worker answer
 * without touching KV. Insertion order doubles as LRU order (Map keeps it), so eviction is O(1).
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>()

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The value, or undefined when absent or expired. A hit moves the entry to the young end. */
  get(key: string): { value: V } | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (entry.expires <= this.now()) {
      this.entries.delete(key)
      return undefined
    }
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry // carries `value`; no new object per hit
  }

  set(key: string, value: V, ttlMs: number): void {
    this.entries.delete(key)
    this.entries.set(key, { value, expires: this.now() + ttlMs })
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value
      if (oldest !== undefined) this.entries.delete(oldest)
    }
  }

  get size(): number {
    return this.entries.size
  }
}
