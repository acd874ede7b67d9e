import type { RecordView } from '../core/recordset/view.ts'

/** Reads what a question needs: every owner's meta plus the candidate names, in one go. */
export interface RecordReader {
  read(names: readonly string[]): Promise<RecordView>
}
