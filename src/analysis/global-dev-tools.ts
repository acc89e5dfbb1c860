import { finalStage, stageLineage, type DfInstruction } from '../dockerfile/model.js';
import { imageLayers, type AnalysisInput } from './input.js';

// Development tools installed globally (`npm install -g nodemon`, `yarn global
// add typescript`) into the final image: they are no devDependency, so
// `--omit=dev` never removes them.

/** Tools for developing, testing and building, never for running a service. */
const DEV_TOOLS = new Set([
  'nodemon',
  'ts-node',
  'ts-node-dev',
  'typescript',
  'jest',
  'mocha',
  'vitest',
  'eslint',
  'prettier',
  'webpack',
  'webpack-cli',
  'webpack-dev-server',
  'gulp',
  'gulp-cli',
  'grunt-cli',
  'karma',
  'cypress',
  'lerna',
  'nx',
  'create-react-app',
  '@vue/cli',
  '@angular/cli',
  '@nestjs/cli',
  'vite',
  'parcel',
  'rollup',
  'babel-cli',
  '@babel/cli',
  'nodemon-webpack-plugin',
  'tsx',
]);

// Where global installs land: npm's prefix and yarn 1's global folder.
const GLOBAL_ROOTS = ['usr/local/lib', 'usr/local/share/.config/yarn/global', 'root/.config/yarn/global'];

/** One global install of dev tools in the final image. */
export interface GlobalDevTools {
  instruction: DfInstruction;
  tools: string[];
  /** Bytes of those tools in the layer the instruction made (0 when not measured). */
  bytes: number;
}

// The packages a global install names: `npm i -g a b@1`, `yarn global add @s/c@2`, `pnpm add -g d`.
function globalPackages(args: string): string[] {
  const names: string[] = [];
  for (const part of args.split(/&&|\|\||;/)) {
    const words = part.trim().split(/\s+/);
    const npmGlobal =
      /^(npm|pnpm)$/.test(words[0] ?? '') && /^(i|install|add)$/.test(words[1] ?? '') && words.some((w) => w === '-g' || w === '--global');
    const yarnGlobal = words[0] === 'yarn' && words[1] === 'global' && words[2] === 'add';
    if (!npmGlobal && !yarnGlobal) continue;
    for (const w of words.slice(yarnGlobal ? 3 : 2)) if (!w.startsWith('-')) names.push(w.replace(/^(@?[^@]+)@.*$/, '$1'));
  }
  return names;
}

/** Global installs of known dev tools in the final stage and the stages it is built from. */
export function globalDevTools(input: AnalysisInput): GlobalDevTools[] {
  const stage = finalStage(input.dockerfile, input.report.build.target);
  if (!stage) return [];
  const layers = imageLayers(input);
  const out: GlobalDevTools[] = [];
  for (const s of stageLineage(input.dockerfile, stage).reverse()) {
    for (const i of s.instructions) {
      if (i.keyword !== 'RUN') continue;
      const tools = globalPackages(i.args).filter((p) => DEV_TOOLS.has(p));
      if (tools.length === 0) continue;
      const trees = layers
        .filter((l) => !l.base && l.line === i.line)
        .flatMap((l) => l.facts.nodeModules.filter((t) => GLOBAL_ROOTS.includes(t.root)));
      const bytes = trees.reduce((n, t) => n + tools.reduce((m, tool) => m + (t.packages[tool] ?? 0), 0), 0);
      out.push({ instruction: i, tools, bytes });
    }
  }
  return out;
}
