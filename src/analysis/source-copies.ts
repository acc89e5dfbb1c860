import { copySources } from '../dockerfile/instruction-args.js';
import type { DfInstruction } from '../dockerfile/model.js';

// Which COPY/ADD instructions bring source code (not just dependency
// manifests) into an image: an edit to any of it re-runs every step after.

// Files a dependency install reads and that change only when dependencies do.
const MANIFEST =
  /(^|\/)(package(-lock)?\.json|package\*\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|pnpm-workspace\.yaml|\.npmrc|\.yarnrc(\.yml)?|\.yarn|\.pnpmfile\.cjs|requirements[^/]*\.(txt|in)|constraints\.txt|Pipfile(\.lock)?|pyproject\.toml|poetry\.lock|uv\.lock|setup\.(py|cfg)|go\.(mod|sum|work)|Cargo\.(toml|lock)|Gemfile(\.lock)?|\.ruby-version|composer\.(json|lock)|pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradle\.properties|[^/]*\.csproj|[^/]*\.sln|Directory\.(Build|Packages)\.props|mix\.(exs|lock)|\.nvmrc|\.node-version|\.tool-versions)$/;
// Source files by extension; a path with no extension at all is taken for a directory (src, public, app).
const SOURCE_FILE =
  /\.(m?[jt]sx?|cjs|vue|svelte|html?|css|s[ac]ss|less|py|go|rb|php|java|kt|scala|rs|c|cc|cpp|h|hpp|cs|fs|swift|ex|exs|erl|clj|dart|lua|pl|sql|graphql|proto)$/i;

// Whether one COPY/ADD source is source code: the whole context, a directory, or a source file; never a manifest.
function isSource(path: string): boolean {
  const p = path.replace(/\/+$/, '');
  if (p === '.' || p === '' || p === '*' || p === './*' || p === '**') return true;
  if (MANIFEST.test(p)) return false;
  const base = p.slice(p.lastIndexOf('/') + 1);
  return SOURCE_FILE.test(base) || (!base.includes('.') && !base.includes('*'));
}

/** The sources of a COPY/ADD from the build context that are source code; none for --from copies. */
export function sourcePathsOf(i: DfInstruction): string[] {
  if ((i.keyword !== 'COPY' && i.keyword !== 'ADD') || i.flags.from !== undefined) return [];
  return copySources(i).filter((s) => !/^[a-z]+:\/\//.test(s) && isSource(s));
}
