// Which .dockerignore applies to a build, and the matcher built from it.
// BuildKit's Dockerfile frontend first looks for "<Dockerfile name>.dockerignore"
// next to the Dockerfile and only then for ".dockerignore" at the context root:
// https://github.com/moby/buildkit/blob/v0.13.0/frontend/dockerui/config.go
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import dockerignore from '@balena/dockerignore';
import { errnoCode } from './errno.js';

/** Decides whether a context-relative, slash-separated path is kept out. */
export type IgnoreMatcher = (relPath: string) => boolean;

/** The ignore file in force, if any, and its matcher. */
export interface ResolvedIgnore {
  /** Absolute path of the file used; undefined when none exists. */
  file?: string;
  ignores: IgnoreMatcher;
  problems: string[];
}

/** Builds a matcher with Docker's semantics from .dockerignore text. */
export function compileIgnore(text: string): IgnoreMatcher {
  // Docker matches case-sensitively on Linux; the library defaults to ignoring case.
  // The package is CommonJS whose typings declare only a default export; it
  // also sets `factory.default = factory`, which is what NodeNext sees.
  const matcher = dockerignore.default({ ignorecase: false }).add(text.replace(/^\uFEFF/, ''));
  return (relPath) => matcher.ignores(relPath);
}

/** Candidate ignore files, most specific first. */
export function ignoreFileCandidates(contextDir: string, dockerfile: string | undefined): string[] {
  const candidates: string[] = [];
  if (dockerfile !== undefined) {
    candidates.push(join(dirname(dockerfile), `${basename(dockerfile)}.dockerignore`));
  }
  candidates.push(join(contextDir, '.dockerignore'));
  return candidates;
}

/** Finds and compiles the ignore file BuildKit would use; a missing file ignores nothing. */
export async function resolveIgnore(contextDir: string, dockerfile: string | undefined): Promise<ResolvedIgnore> {
  const problems: string[] = [];
  for (const file of ignoreFileCandidates(contextDir, dockerfile)) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = errnoCode(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        problems.push(`${file}: cannot read ignore file (${code ?? 'error'}); treated as absent`);
      }
      continue;
    }
    return { file, ignores: compileIgnore(text), problems };
  }
  return { ignores: () => false, problems };
}
