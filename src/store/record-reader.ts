import type { RecordView } from '../core/recordset/view.ts'

/** Reads what a question needs: every owner's meta plus the candidate names, in one go. */
export interface RecordReader {
  read(names: readonly string[]): Promise<RecordView>
  /**
   * The same view when the isolate already holds every key, else null: a warm question is
   * answered without waiting on a promise (each await costs a turn of the microtask queue).
   */
  cached?(names: readonly string[]): RecordView | null
  /**
   * The steering route's key this question would be answered under (RecordView.route; '' when
   * nothing is steered), from the metas the isolate holds; null when it lacks one. The warm
   * path keys kept answers on it, so an answer for one place is never served to another.
   */
  routeKey?(): string | null
}
