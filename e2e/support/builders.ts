import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { z } from 'zod';

// The builders the e2e suite runs against, as scripts/engines/builders.sh
// lists them (the engines come up by scripts/engines/all.sh; .ci/run does
// that). A test file runs one list of tests per builder, the way buildx's own
// integration tests run one list per driver. The e2e setup starts them all;
// a builder whose prerequisites are still missing fails, with why. The
// default engine is always listed: without it the suite fails.

const SCRIPT = fileURLToPath(new URL('../../scripts/engines/builders.sh', import.meta.url));

/** A builder a test can use: the env and flags that reach it. */
export interface ReadyBuilder {
  ready: true;
  /** The name in builders.sh list (e.g. default, current-docker, buildlens-remote). */
  name: string;
  driver: string;
  /** Environment for the CLI, buildx and docker on this builder (DOCKER_HOST, DOCKER_CONFIG). */
  env: Record<string, string>;
  /** `--builder NAME` where a named builder must be chosen; empty for a docker driver. */
  builderArgs: string[];
  /** Platforms every build on it asks for (`--platform` of a multi-node builder), empty for the default. */
  platforms: string[];
  /** The local registry as this builder reaches it (host:port), when it is up. */
  registry: string | undefined;
}

/** A builder that cannot run here, and why. */
export interface MissingBuilder {
  ready: false;
  name: string;
  driver: string;
  why: string;
}

/** One line of builders.sh list. */
export type Builder = ReadyBuilder | MissingBuilder;

const lineSchema = z.tuple([z.string().min(1), z.string().min(1), z.enum(['ready', 'missing']), z.string()]);
const valuesSchema = z.object({
  DOCKER_HOST: z.string().optional(),
  DOCKER_CONFIG: z.string().optional(),
  BUILDER: z.string().min(1),
  PLATFORMS: z.string().optional(),
  REGISTRY: z.string().optional(),
});

// The KEY=VALUE words of a ready line.
function parseValues(text: string): z.infer<typeof valuesSchema> {
  const pairs = text.split(/\s+/).filter(Boolean).map((word) => {
    const at = word.indexOf('=');
    if (at <= 0) throw new Error(`builders.sh list: "${word}" is not KEY=VALUE`);
    return [word.slice(0, at), word.slice(at + 1)] as const;
  });
  return valuesSchema.parse(Object.fromEntries(pairs));
}

/** Parses the output of builders.sh list. */
export function parseBuilderList(stdout: string): Builder[] {
  return stdout.split('\n').filter((line) => line.trim() !== '').map((line): Builder => {
    const [name, driver, state, rest] = lineSchema.parse(line.split('\t'));
    if (state === 'missing') return { ready: false, name, driver, why: rest };
    const values = parseValues(rest);
    const env: Record<string, string> = {};
    if (values.DOCKER_HOST) env['DOCKER_HOST'] = values.DOCKER_HOST;
    if (values.DOCKER_CONFIG) env['DOCKER_CONFIG'] = values.DOCKER_CONFIG;
    return {
      ready: true,
      name,
      driver,
      env,
      builderArgs: driver === 'docker' ? [] : ['--builder', values.BUILDER],
      platforms: values.PLATFORMS ? values.PLATFORMS.split(',') : [],
      registry: values.REGISTRY,
    };
  });
}

/** Every builder builders.sh knows, ready or not; throws when it cannot list them or the default is missing. */
export async function discoverBuilders(): Promise<Builder[]> {
  const result = await execa('bash', [SCRIPT, 'list'], { reject: false, stdin: 'ignore', timeout: 120_000 });
  if (result.exitCode !== 0) throw new Error(`scripts/engines/builders.sh list exited ${String(result.exitCode ?? result.signal)}: ${result.stderr}`);
  const builders = parseBuilderList(result.stdout);
  const fallback = builders.find((b) => b.name === 'default');
  if (!fallback?.ready) throw new Error(`the default builder is not usable: ${fallback && !fallback.ready ? fallback.why : 'not listed'}`);
  return builders;
}

/** Runs the docker CLI against a builder's engine (its DOCKER_HOST and DOCKER_CONFIG); never rejects. */
export async function dockerOn(builder: ReadyBuilder, args: readonly string[]) {
  return execa('docker', args, { env: builder.env, reject: false, stdin: 'ignore' });
}
