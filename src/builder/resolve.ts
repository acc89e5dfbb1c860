import { BuilderUnreachableError } from '../core/errors.js';
import { transportFor } from '../transport/registry.js';
import type { ResolvedBuilder, ResolvedNode } from './types.js';
import { defaultBuilderFastPath, namedBuilderFastPath } from './fast-path.js';
import { parseBuildxInspect } from './inspect.js';
import { readBuildxInstance } from './instances.js';

// Which builder a build uses, resolved the way buildx resolves it: --builder,
// then BUILDX_BUILDER, then the current builder of the docker context
// (DOCKER_CONTEXT / DOCKER_HOST). buildx itself does the choosing, through
// `docker buildx inspect`, so the answer always matches what buildx builds on;
// two cases it would answer from its own files are read from them instead
// (fast-path.ts): the default builder of the default context, and a builder
// named by --builder or BUILDX_BUILDER that buildx stores an instance for.

/** Options for resolving a builder. */
export interface ResolveBuilderOpts {
  builder?: string;
  env?: NodeJS.ProcessEnv;
}

/** Resolves the builder and a transport per node; throws BuilderUnreachableError with what was tried. */
export async function resolveBuilder(opts: ResolveBuilderOpts = {}): Promise<ResolvedBuilder> {
  const env = opts.env ?? process.env;
  const fast = (await defaultBuilderFastPath(opts.builder, env)) ?? (await namedBuilderFastPath(opts.builder, env));
  if (fast) return fast;
  const name = opts.builder ?? (env.BUILDX_BUILDER || undefined);
  const argv = ['buildx', 'inspect', ...(name ? [name] : [])];
  const tried = `docker ${argv.join(' ')}`;
  // execa loads only here: the default builder's fast path spawns nothing.
  const { CommandNotFoundError, runCommand } = await import('../exec/run.js');
  let result;
  try {
    result = await runCommand('docker', argv, { env });
  } catch (error) {
    if (error instanceof CommandNotFoundError) {
      throw new BuilderUnreachableError('the docker CLI was not found on the PATH; install Docker with the buildx plugin', {
        cause: error,
      });
    }
    throw error;
  }
  const stderr = result.stderr.trim();
  if (result.exitCode !== 0) {
    if (/is not a docker command|unknown command|unknown flag/.test(stderr)) {
      throw new BuilderUnreachableError(`docker buildx is not installed (tried: ${tried}); install the docker-buildx plugin`);
    }
    const line =
      stderr
        .split('\n')
        .pop()
        ?.replace(/^ERROR:\s*/, '') ?? 'unknown error';
    throw new BuilderUnreachableError(`${line} (tried: ${tried}; \`docker buildx ls\` lists builders)`);
  }
  const inspected = parseBuildxInspect(result.stdout);
  if (inspected.error || !inspected.driver) {
    throw new BuilderUnreachableError(
      `builder "${inspected.name || name || 'default'}" is not reachable: ${inspected.error ?? 'buildx reports no driver'} (tried: ` +
        `${tried})`,
    );
  }
  const instance = await readBuildxInstance(inspected.name, env);
  const nodes: ResolvedNode[] = [];
  for (const node of inspected.nodes) {
    const stored = instance?.Nodes?.find((n) => n.Name === node.name);
    const transport = await transportFor({
      builder: inspected.name,
      driver: inspected.driver,
      node: node.name,
      endpoint: node.endpoint,
      driverOpts: stored?.DriverOpts ?? {},
      env,
    });
    nodes.push({ name: node.name, endpoint: node.endpoint, transport });
  }
  if (nodes.length === 0) throw new BuilderUnreachableError(`builder "${inspected.name}" has no nodes (tried: ${tried})`);
  return { name: inspected.name, driver: inspected.driver, nodes };
}
