// Dependency-install commands, shared by the rules about install order and caching.
// Builds (cargo build, mvn package, gradle build) are not installs: they need
// the sources, so a COPY . . before them is right.

/** A RUN that installs language dependencies (global installs included). */
export const DEPENDENCY_INSTALL =
  /\b(npm\s+(ci|install|i|add)\b|yarn(\s+install)?\s*($|&&|;|\|)|yarn\s+(install|global\s+add)\b|pnpm\s+(install|i|add)\b|pip3?\s+install\b|python3?\s+-m\s+pip\s+install\b|poetry\s+install|uv\s+(sync|pip\s+install)|bundle\s+install|go\s+mod\s+download|composer\s+install|cargo\s+fetch|mvn\s+(\S+\s+)*dependency:(go-offline|resolve)|gradle\s+(\S+\s+)*dependencies)/;

/** A RUN that installs packages with a package manager (system or language). */
export const PACKAGE_INSTALL = new RegExp(
  `${DEPENDENCY_INSTALL.source}|\\bapt(-get)?\\s+(-\\S+\\s+)*install\\b|\\bapk\\s+add\\b|\\b(dnf|yum|microdnf)\\s+install\\b`,
);

// Where each package manager keeps its downloads, for the cache mount to name (first match wins).
const CACHE_TARGETS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\byarn\b/, '/usr/local/share/.cache/yarn'],
  [/\bpnpm\b/, '/root/.local/share/pnpm/store'],
  [/\bnpm\b/, '/root/.npm'],
  [/\b(pip3?|poetry|python3?\s+-m\s+pip)\b/, '/root/.cache/pip'],
  [/\buv\b/, '/root/.cache/uv'],
  [/\bgo\s+mod\b/, '/go/pkg/mod'],
  [/\bcargo\b/, '/usr/local/cargo/registry'],
  [/\bbundle\b/, '/usr/local/bundle/cache'],
  [/\bapt(-get)?\b/, '/var/cache/apt'],
  [/\bapk\b/, '/var/cache/apk'],
];

/** The directory a cache mount for this install should name, when the package manager is known. */
export function cacheTargetFor(command: string): string | undefined {
  return CACHE_TARGETS.find(([pattern]) => pattern.test(command))?.[1];
}
