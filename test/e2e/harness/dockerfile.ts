/**
 * Carries out a Dockerfile's steps in a directory, without a container engine: the proof of
 * deploy/Dockerfile where none is installed. Supports the instructions that file uses:
 * FROM (recorded), WORKDIR, ENV, COPY (from the build context), RUN (bash, in WORKDIR),
 * USER (uid:gid, applied to the entrypoint when we are root), ENTRYPOINT and CMD (exec form).
 */
import { execFileSync, spawn } from 'node:child_process'
import { chmodSync, cpSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { basename, isAbsolute, join } from 'node:path'

export interface Instruction {
  op: string
  args: string
}

/** Instructions in order; comments dropped, `\` continuations joined. */
export function parseDockerfile(text: string): Instruction[] {
  const logical = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => l.trim())
  return logical.map((l) => {
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(l)
    if (!m) throw new Error(`Dockerfile: cannot read line: ${l}`)
    return { op: m[1]!.toUpperCase(), args: m[2]!.trim() }
  })
}

export interface Image {
  from: string
  /** Where WORKDIR's directory is here. */
  workdir: string
  env: Record<string, string>
  user: { uid: number; gid: number } | null
  entrypoint: string[]
  cmd: string[]
}

/**
 * Builds into `root` (it stands for the image's `/`): WORKDIR /app becomes `root`/app.
 * `runEnv` is added to RUN steps only (e.g. a private npm cache, so `npm cache clean` stays
 * inside the build).
 */
export function buildImage(dockerfile: string, context: string, root: string, runEnv: Record<string, string> = {}): Image {
  const image: Image = { from: '', workdir: root, env: {}, user: null, entrypoint: [], cmd: [] }
  const here = (p: string) => (isAbsolute(p) ? join(root, p) : join(image.workdir, p))
  for (const { op, args } of parseDockerfile(readFileSync(dockerfile, 'utf8'))) {
    switch (op) {
      case 'FROM':
        image.from = args
        break
      case 'WORKDIR':
        image.workdir = here(args)
        mkdirSync(image.workdir, { recursive: true })
        break
      case 'ENV': {
        const m = /^(\w+)[= ](.*)$/.exec(args)
        if (!m) throw new Error(`Dockerfile: ENV ${args}`)
        image.env[m[1]!] = m[2]!
        break
      }
      case 'COPY': {
        const parts = args.split(/\s+/)
        const dest = parts.pop()!
        for (const src of parts) {
          // A directory's contents go into dest; a file goes into dest/ or becomes dest.
          const from = join(context, src)
          const to = statSync(from).isDirectory() || !dest.endsWith('/') ? here(dest) : here(join(dest, basename(src)))
          cpSync(from, to, { recursive: true })
        }
        break
      }
      case 'RUN':
        execFileSync('bash', ['-euo', 'pipefail', '-c', args], {
          cwd: image.workdir,
          env: { ...process.env, ...image.env, ...runEnv },
          stdio: ['ignore', 'inherit', 'inherit'],
        })
        break
      case 'USER': {
        const [uid, gid] = args.split(':').map(Number)
        image.user = { uid: uid!, gid: gid ?? uid! }
        break
      }
      case 'ENTRYPOINT':
        image.entrypoint = JSON.parse(args)
        break
      case 'CMD':
        image.cmd = JSON.parse(args)
        break
      default:
        throw new Error(`Dockerfile: ${op} is not supported by this proof`)
    }
  }
  // The image's files are root's and world-readable; a temp dir is private to its creator.
  for (let d = image.workdir; d.length >= root.length; d = join(d, '..')) chmodSync(d, 0o755)
  return image
}

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs the entrypoint with `args` (the CMD when none), as the image's USER when we are root,
 * with `node` being `nodeBin` (the Node the base image has).
 */
export function runImage(image: Image, nodeBin: string, args?: string[], env: Record<string, string> = {}): Promise<RunResult> {
  const [bin, ...rest] = image.entrypoint
  const command = bin === 'node' ? nodeBin : bin!
  const asUser = image.user && process.getuid?.() === 0 ? image.user : null
  return new Promise((resolve) => {
    const child = spawn(command, [...rest, ...(args ?? image.cmd)], {
      cwd: image.workdir,
      // Only the image's ENV and what the caller passes: nothing of this checkout leaks in.
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp', ...image.env, ...env },
      ...(asUser ? { uid: asUser.uid, gid: asUser.gid } : {}),
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
