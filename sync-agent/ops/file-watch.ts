/**
 * Calls back when a file changes, as a ConfigMap or Secret volume changes it: the kubelet
 * writes a new timestamped directory and swaps the `..data` symlink, so the file's own inode
 * never changes and fs.watch on the file would miss it. The directory is watched instead,
 * and a burst of events (one update makes several) becomes one call.
 */
import { watch } from 'node:fs'
import { basename, dirname } from 'node:path'

export function watchFile(path: string, onChange: () => void, settleMs = 200): () => void {
  const name = basename(path)
  let timer: NodeJS.Timeout | undefined
  const watcher = watch(dirname(path), (_event, file) => {
    if (file !== null && file !== name && file !== '..data') return
    clearTimeout(timer)
    timer = setTimeout(onChange, settleMs)
  })
  watcher.unref()
  return () => {
    clearTimeout(timer)
    watcher.close()
  }
}
