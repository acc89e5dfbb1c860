import { readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { transportFor } from '../transport/registry.js';
import { buildxConfigDir, readBuildxInstance } from './instances.js';
import type { ResolvedBuilder, ResolvedNode } from './types.js';

// Most builds use the default builder of the default context: the daemon's
// own BuildKit at DOCKER_HOST or /var/run/docker.sock. Recognising that case
// from buildx's and docker's config files saves two subprocesses (~110 ms)
// on every build. Anything that could select another builder or context
// (--builder, BUILDX_BUILDER, DOCKER_CONTEXT, a current context or a `buildx
// use` choice in the config files, an ssh:// host) takes the full path.
// buildx falls back to a `buildx use --default` choice (kept in defaults/)
// whenever `current` names no builder for this daemon, so any kept default
// takes the full path too.

const currentBuilderSchema = z
  .object({ Name: z.string().optional(), Key: z.string().optional(), Global: z.boolean().optional() })
  .passthrough();
const dockerConfigSchema = z.object({ currentContext: z.string().optional() }).passthrough();

/** The default builder without asking buildx, or undefined when the full resolution is needed. */
export async function defaultBuilderFastPath(builder: string | undefined, env: NodeJS.ProcessEnv): Promise<ResolvedBuilder | undefined> {
  if (builder || env.BUILDX_BUILDER) return undefined;
  const { defaultContext, current } = await buildxChoice(env);
  if (!defaultContext) return undefined;
  if (current !== undefined) {
    const parsed = currentBuilderSchema.safeParse(current);
    if (!parsed.success || (parsed.data.Name ?? '') !== '') return undefined;
  }
  if ((await readdir(join(buildxConfigDir(env), 'defaults')).catch(() => [])).length > 0) return undefined;
  const host = daemonHost(env);
  if (!host.startsWith('unix://') && !host.startsWith('tcp://')) return undefined;
  const transport = await transportFor({ builder: 'default', driver: 'docker', node: 'default', endpoint: host, driverOpts: {}, env });
  return { name: 'default', driver: 'docker', nodes: [{ name: 'default', endpoint: 'default', transport }] };
}

/** What docker's and buildx's config files say of the choice of builder; `current` is undefined when absent, null when unreadable. */
interface BuildxChoice {
  defaultContext: boolean;
  current: unknown;
}

// Both fast paths look at the same two files: read once per environment.
const choices = new WeakMap<NodeJS.ProcessEnv, Promise<BuildxChoice>>();

function buildxChoice(env: NodeJS.ProcessEnv): Promise<BuildxChoice> {
  let choice = choices.get(env);
  if (!choice) {
    choice = Promise.all([inDefaultContext(env), readJson(join(buildxConfigDir(env), 'current'))]).then(([defaultContext, current]) => ({
      defaultContext,
      current,
    }));
    choices.set(env, choice);
  }
  return choice;
}

function daemonHost(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_HOST || 'unix:///var/run/docker.sock';
}

// Whether docker's current context is the default one (no DOCKER_CONTEXT, no `docker context use`).
async function inDefaultContext(env: NodeJS.ProcessEnv): Promise<boolean> {
  if (env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== 'default') return false;
  const dockerConfig = env.DOCKER_CONFIG ?? join(homedir(), '.docker');
  const config = dockerConfigSchema.safeParse(await readJson(join(dockerConfig, 'config.json')));
  return !(config.success && config.data.currentContext && config.data.currentContext !== 'default');
}

// The builder `docker buildx use` made current, read as buildx reads it
// (store.Current): its `current` file names a builder for one endpoint key,
// which in the default context is the daemon's host, or for every context
// (`use --global`). Anything else (another context, a key that does not
// match, which sends buildx to its kept defaults) is left to buildx.
async function usedBuilderName(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const choice = await buildxChoice(env);
  if (!choice.defaultContext) return undefined;
  const current = currentBuilderSchema.safeParse(choice.current);
  if (!current.success || !current.data.Name) return undefined;
  return current.data.Global || current.data.Key === daemonHost(env) ? current.data.Name : undefined;
}

// A builder named by --builder or BUILDX_BUILDER, or made current by `docker buildx use`, is, for these drivers, what
// buildx stored when it was created: its nodes' names, endpoints and driver
// options are the ones `docker buildx inspect` prints (checked against the
// captured inspect output in test/builder/fast-path.test.ts). Reading the
// file instead of running inspect takes a docker CLI process (~250 ms, on
// two cores that buildx needs at the same time) off every build on a
// docker-container or remote builder.
const STORED_DRIVERS = new Set(['docker-container', 'remote']);

/** A named (or `buildx use`d) builder from the instance buildx stored, or undefined when the full resolution is needed. */
export async function namedBuilderFastPath(builder: string | undefined, env: NodeJS.ProcessEnv): Promise<ResolvedBuilder | undefined> {
  const name = builder ?? (env.BUILDX_BUILDER || undefined) ?? (await usedBuilderName(env));
  if (!name) return undefined;
  const instance = await readBuildxInstance(name, env);
  if (!instance || instance.Dynamic || !STORED_DRIVERS.has(instance.Driver) || !instance.Nodes?.length) return undefined;
  const nodes: ResolvedNode[] = [];
  for (const node of instance.Nodes) {
    const driverOpts = node.DriverOpts ?? {};
    const transport = await transportFor({
      builder: instance.Name,
      driver: instance.Driver,
      node: node.Name,
      endpoint: node.Endpoint,
      driverOpts,
      env,
    });
    nodes.push({ name: node.Name, endpoint: node.Endpoint, transport });
  }
  return { name: instance.Name, driver: instance.Driver, nodes };
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
