// Dependency-install commands, shared by the rules about install order and caching.
// Builds (cargo build, mvn package, gradle build) are not installs: they need
// the sources, so a COPY . . before them is right.

/** A RUN that installs language dependencies. */
export const DEPENDENCY_INSTALL = /\b(npm\s+(ci|install|i)\b|yarn(\s+install)?\s*($|&&|;|\|)|yarn\s+install|pnpm\s+(install|i)\b|pip3?\s+install\b|python3?\s+-m\s+pip\s+install\b|poetry\s+install|uv\s+(sync|pip\s+install)|bundle\s+install|go\s+mod\s+download|composer\s+install|cargo\s+fetch|mvn\s+(\S+\s+)*dependency:(go-offline|resolve)|gradle\s+(\S+\s+)*dependencies)/;

/** A RUN that installs packages with a package manager (system or language). */
export const PACKAGE_INSTALL = new RegExp(`${DEPENDENCY_INSTALL.source}|\\bapt(-get)?\\s+(-\\S+\\s+)*install\\b|\\bapk\\s+add\\b|\\b(dnf|yum|microdnf)\\s+install\\b`);
