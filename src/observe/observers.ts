/** Every configured observer of a query as one; none configured costs nothing per query. */
import type { QueryObserver } from './query-event.ts'

export function allOf(observers: (QueryObserver | null | undefined)[]): QueryObserver | undefined {
  const active = observers.filter((o): o is QueryObserver => !!o)
  if (active.length === 0) return undefined
  return (event) => {
    for (const observe of active) {
      // Observing must never cost the client its answer.
      try {
        observe(event)
      } catch {}
    }
  }
}
