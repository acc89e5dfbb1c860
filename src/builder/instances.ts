import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { parseJsonOrUndefined } from '../core/json.js';

// buildx keeps each created builder as JSON under $BUILDX_CONFIG or
// ~/.docker/buildx/instances/NAME (docker/buildx store/nodegroup.go). The
// driver options there hold what `inspect` does not print: TLS files of a
// remote builder, the namespace of a kubernetes one.

const nodeSchema = z.object({
  Name: z.string(),
  Endpoint: z.string(),
  DriverOpts: z.record(z.string(), z.string()).nullish(),
});
const instanceSchema = z.object({
  Name: z.string(),
  Driver: z.string(),
  Nodes: z.array(nodeSchema).nullish(),
  /** Nodes appear and go (kubernetes replicas): what `inspect` says is the truth, not the file. */
  Dynamic: z.boolean().nullish(),
});

/** A builder instance as buildx stores it. */
export type BuildxInstance = z.infer<typeof instanceSchema>;

/** buildx's config directory, honouring BUILDX_CONFIG and DOCKER_CONFIG. */
export function buildxConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BUILDX_CONFIG) return env.BUILDX_CONFIG;
  return join(env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'buildx');
}

/** Reads a stored builder instance; undefined when buildx keeps none (the default docker builders). */
export async function readBuildxInstance(name: string, env: NodeJS.ProcessEnv = process.env): Promise<BuildxInstance | undefined> {
  let text: string;
  try {
    text = await readFile(join(buildxConfigDir(env), 'instances', name), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = instanceSchema.safeParse(parseJsonOrUndefined(text));
  return parsed.success ? parsed.data : undefined;
}
