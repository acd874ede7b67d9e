import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Coalescer, defaultCoalesce, nextRunAt } from '../../sync-agent/coalescer.ts'

const timing = defaultCoalesce // quiet 100, max delay 500, min interval 1000

describe('nextRunAt', () => {
  it('runs a lone change after the quiet time', () => {
    expect(nextRunAt(timing, { firstEventAt: 0, lastEventAt: 0 }, null)).toBe(100)
  })
  it('never delays a stream of events past the maximum delay', () => {
    expect(nextRunAt(timing, { firstEventAt: 0, lastEventAt: 480 }, null)).toBe(500)
  })
  it('keeps runs a minimum interval apart', () => {
    expect(nextRunAt(timing, { firstEventAt: 1050, lastEventAt: 1050 }, 1000)).toBe(2000)
    expect(nextRunAt(timing, { firstEventAt: 5000, lastEventAt: 5000 }, 1000)).toBe(5100)
  })
})

describe('Coalescer', () => {
  // Fake timers (and Date, which the coalescer reads): time moves only when a test moves it.
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }))
  afterEach(() => void vi.useRealTimers())

  it('turns a burst of 500 events into one run, and a later event into another', async () => {
    let runs = 0
    const c = new Coalescer(async () => void runs++, { quietMs: 20, maxDelayMs: 200, minIntervalMs: 50 })
    for (let i = 0; i < 500; i++) c.poke()
    await vi.advanceTimersByTimeAsync(19)
    expect(runs).toBe(0) // still quiet-waiting
    await vi.advanceTimersByTimeAsync(1)
    expect(runs).toBe(1)
    c.poke()
    await vi.advanceTimersByTimeAsync(49) // the minimum interval since the last run
    expect(runs).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(runs).toBe(2)
    await c.stop()
  })
  it('runs again for events that arrive during a run, never two at once', async () => {
    let active = 0
    let maxActive = 0
    let runs = 0
    const c = new Coalescer(
      async () => {
        active++
        maxActive = Math.max(maxActive, active)
        runs++
        if (runs === 1) c.poke()
        await new Promise((r) => setTimeout(r, 30))
        active--
      },
      { quietMs: 5, maxDelayMs: 50, minIntervalMs: 10 },
    )
    c.poke()
    await vi.advanceTimersByTimeAsync(5 + 30) // the first run, poked during itself
    expect(runs).toBe(1)
    await vi.advanceTimersByTimeAsync(5 + 30)
    expect(runs).toBe(2)
    expect(maxActive).toBe(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(runs).toBe(2)
    await c.stop()
  })
})
