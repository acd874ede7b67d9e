/**
 * Coalesces bursts of watch events into few publishes (external-dns's ScheduleRunOnce, by time
 * arithmetic). A lone event runs after `quietMs`; a stream of events runs at most `maxDelayMs`
 * after the first one; runs start at least `minIntervalMs` apart, since Workers KV takes one
 * write per second per key. A deploy touching 500 objects becomes one or two publishes.
 */

export interface CoalesceTiming {
  quietMs: number
  maxDelayMs: number
  minIntervalMs: number
}

export const defaultCoalesce: CoalesceTiming = { quietMs: 100, maxDelayMs: 500, minIntervalMs: 1000 }

export interface Pending {
  firstEventAt: number
  lastEventAt: number
}

/** When the next run should start, given pending events and the last run's start. Pure. */
export function nextRunAt(timing: CoalesceTiming, pending: Pending, lastRunAt: number | null): number {
  const settle = Math.min(pending.lastEventAt + timing.quietMs, pending.firstEventAt + timing.maxDelayMs)
  return lastRunAt === null ? settle : Math.max(settle, lastRunAt + timing.minIntervalMs)
}

/** Drives `run` from `poke()` calls with the timing above; never runs two at once. */
export class Coalescer {
  private pending: Pending | null = null
  private lastRunAt: number | null = null
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | null = null
  private stopped = false

  constructor(
    private readonly run: () => Promise<void>,
    private readonly timing: CoalesceTiming = defaultCoalesce,
    private readonly now: () => number = Date.now,
  ) {}

  /** Something changed: schedule a run. */
  poke(): void {
    if (this.stopped) return
    const t = this.now()
    this.pending = this.pending ? { ...this.pending, lastEventAt: t } : { firstEventAt: t, lastEventAt: t }
    if (!this.running) this.arm()
  }

  private arm(): void {
    if (!this.pending || this.stopped) return
    clearTimeout(this.timer)
    const wait = Math.max(0, nextRunAt(this.timing, this.pending, this.lastRunAt) - this.now())
    this.timer = setTimeout(() => void this.fire(), wait)
  }

  private async fire(): Promise<void> {
    this.pending = null
    this.lastRunAt = this.now()
    let done!: () => void
    this.running = new Promise<void>((resolve) => (done = resolve)) // set before run() can poke
    await this.run().catch(() => {}) // run reports its own errors
    this.running = null
    done()
    this.arm() // events that came in meanwhile
  }

  /** Resolves when no run is in progress. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve()
  }

  /** Waits for a run in progress and cancels what is scheduled. */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.running
  }
}
