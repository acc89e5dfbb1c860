import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parseJsonOrUndefined } from '../core/json.js';
import { buildxConfigDir } from './instances.js';

// When buildx starts a build it saves, per node, a small file naming the
// build's context directory and Dockerfile: $BUILDX_CONFIG/refs/BUILDER/NODE/REF
// (docker/buildx localstate; written by buildx 0.12 and later, the same for a
// build that then fails, or a --push of several platforms whose metadata file
// names no ref). It ties a run to its history ref by the directory it built,
// which no history record holds.

const stateSchema = z.looseObject({
  LocalPath: z.string().optional().catch(undefined),
  DockerfilePath: z.string().optional().catch(undefined),
});

/** What the run was: where, when, and the Dockerfile the user named. */
export interface LocalRefQuery {
  builder: string;
  /** The context directory as given (resolved here). */
  contextDir: string;
  /** `-f` as given, when the user named one. */
  dockerfile?: string | undefined;
  startedAt: Date;
  completedAt: Date;
}

// buildx writes the file as the build starts; allow for coarse file times.
const SLACK_MS = 2000;

/** Refs buildx saved during the run for this context directory, each with the nodes it saved it for; empty when buildx keeps none. */
export async function localRefsOfRun(query: LocalRefQuery, env: NodeJS.ProcessEnv = process.env): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const contextDir = resolve(query.contextDir);
  const dockerfile = query.dockerfile ? resolve(query.dockerfile) : undefined;
  const builderDir = join(buildxConfigDir(env), 'refs', query.builder);
  const nodes = await readdir(builderDir).catch(() => [] as string[]);
  for (const node of nodes) {
    const dir = join(builderDir, node);
    for (const ref of await readdir(dir).catch(() => [] as string[])) {
      const path = join(dir, ref);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile() || info.mtimeMs < query.startedAt.getTime() - SLACK_MS || info.mtimeMs > query.completedAt.getTime() + SLACK_MS)
        continue;
      const state = stateSchema.safeParse(parseJsonOrUndefined(await readFile(path, 'utf8').catch(() => '')));
      if (!state.success || state.data.LocalPath === undefined || resolve(state.data.LocalPath) !== contextDir) continue;
      const theirs = state.data.DockerfilePath;
      if (dockerfile && theirs && resolve(theirs) !== dockerfile) continue;
      found.set(ref, [...(found.get(ref) ?? []), node]);
    }
  }
  return found;
}
