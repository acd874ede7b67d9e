/** A Corefile problem, always pointing at the file and line so it can be fixed without guessing. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string
  ) {
    super(line > 0 ? `${file}:${line}: ${detail}` : `${file}: ${detail}`)
    this.name = 'ConfigError'
  }
}
