import { finalStage, stageLineage, type DfInstruction } from '../dockerfile/model.js';
import type { AppManifest } from './dev-dependencies.js';
import type { AnalysisInput } from './input.js';

// Whether the image a build produces runs a development server: then its
// devDependencies are what it runs, and removing them breaks it. Told from
// the target's name, and from the final stage's CMD/ENTRYPOINT followed
// through package.json scripts to the commands they start.

// Commands that serve in development mode: command → the first argument that makes it a dev server ('' for any).
const DEV_COMMANDS: Record<string, string[]> = {
  nodemon: [''],
  'ts-node-dev': [''],
  'webpack-dev-server': [''],
  'react-scripts': ['start'],
  ng: ['serve', 's'],
  'vue-cli-service': ['serve'],
  next: ['dev'],
  nuxt: ['dev'],
  vite: ['', 'dev', 'serve'],
  webpack: ['serve'],
  tsx: ['watch'],
  nest: ['start'],
};
const MANAGERS = new Set(['npm', 'yarn', 'pnpm']);

// The words of a CMD/ENTRYPOINT: JSON form, or shell form split on blanks.
function wordsOf(i: DfInstruction): string[] {
  const args = i.args.trim();
  if (args.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(args);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not JSON: BuildKit runs it in a shell, and so is it read here.
    }
  }
  return args.split(/\s+/).filter(Boolean);
}

// The script a package-manager invocation runs: `npm start`, `npm run dev`, `yarn dev`, `pnpm serve`.
function scriptOf(words: string[]): string | undefined {
  const [manager, verb, name] = words;
  if (!manager || !MANAGERS.has(manager)) return undefined;
  if (verb === 'start') return 'start';
  if (verb === 'run' || verb === 'run-script') return name;
  return manager !== 'npm' && verb && !verb.startsWith('-') ? verb : undefined;
}

/** Why a command line (followed through the manifest's scripts) starts a dev server, or undefined. */
export function devCommand(words: string[], json: AppManifest | undefined, devBins: Record<string, string>, depth = 0): string | undefined {
  const text = words.join(' ');
  for (const part of text.split(/&&|\|\||;/)) {
    const tokens = part
      .trim()
      .split(/\s+/)
      .filter((t) => t && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(t) && t !== 'exec');
    if (tokens[0] === 'sh' || tokens[0] === '/bin/sh' || tokens[0] === 'bash') tokens.splice(0, tokens[1] === '-c' ? 2 : 1);
    if (tokens[0] === 'npx') tokens.shift();
    const [command = '', first = ''] = tokens;
    const script = scriptOf(tokens);
    if (script !== undefined) {
      const body = json?.scripts?.[script];
      const inner = body && depth < 3 ? devCommand([body], json, devBins, depth + 1) : undefined;
      if (inner) return `${tokens.slice(0, 3).join(' ')} → ${inner}`;
      continue;
    }
    const bin = command.slice(command.lastIndexOf('/') + 1).replace(/\.js$/, '');
    const devArgs = DEV_COMMANDS[bin];
    if (devArgs && (devArgs.includes('') || devArgs.includes(first)))
      return `\`${[bin, first].filter(Boolean).join(' ')}\` is a dev server`;
    if (devBins[bin]) return `\`${bin}\` comes from ${devBins[bin]}, a devDependency`;
  }
  return undefined;
}

/** Why the built image is a development image (its target's name, or a dev server it runs), or undefined. */
export function developmentImage(input: AnalysisInput, json: AppManifest | undefined, devBins: Record<string, string>): string | undefined {
  const target = input.report.build.target;
  if (target && /(^|[-_.])dev(el(op(ment)?)?)?s?($|[-_.])|development/i.test(target)) return `the target "${target}" is a development one`;
  const stage = finalStage(input.dockerfile, target);
  if (!stage) return undefined;
  for (const keyword of ['ENTRYPOINT', 'CMD']) {
    // The last one along the stage's lineage is in force (FROM <stage> inherits it).
    const lineage = stageLineage(input.dockerfile, stage);
    const last = lineage.map((s) => s.instructions.filter((i) => i.keyword === keyword).at(-1)).find((i) => i !== undefined);
    const why = last ? devCommand(wordsOf(last), json, devBins) : undefined;
    if (why) return `its ${keyword} (line ${last?.line}) runs a dev server: ${why}`;
  }
  return undefined;
}
