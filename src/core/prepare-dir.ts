import { access, constants, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

// A report directory is checked before the build starts: a build must not run
// for minutes and then end with no artifact. Missing components are created
// one at a time (Node's recursive mkdir loops forever under /proc), and a
// probe file proves the directory takes writes (a read-only mount, a full
// disk's quota) whatever its mode bits say to root.

/** Makes `dir` exist and take writes, or throws a UsageError naming `flag` and why. */
export async function prepareWritableDir(dir: string, flag: string): Promise<void> {
  const absolute = resolve(dir);
  const missing: string[] = [];
  let at = absolute;
  for (;;) {
    const info = await stat(at).catch((error: NodeJS.ErrnoException) => error);
    if (!(info instanceof Error)) {
      if (!info.isDirectory()) throw new UsageError(`${flag} ${dir}: ${at} exists and is not a directory`);
      break;
    }
    if (info.code !== 'ENOENT' && info.code !== 'ENOTDIR')
      throw new UsageError(`${flag} ${dir}: ${at} cannot be used (${info.code ?? info.message})`);
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const component of missing) {
    await mkdir(component).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw new UsageError(`${flag} ${dir}: cannot create ${component} (${error.code ?? error.message})`);
    });
  }
  await access(absolute, constants.W_OK | constants.X_OK).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`${flag} ${dir}: not writable (${error.code ?? error.message})`);
  });
  const probe = join(absolute, `.buildlens-probe-${process.pid}`);
  await writeFile(probe, '').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`${flag} ${dir}: not writable (${error.code ?? error.message})`);
  });
  await rm(probe, { force: true });
}
