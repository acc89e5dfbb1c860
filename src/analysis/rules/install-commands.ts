// Dependency-install commands, shared by the rules about install order and caching.

/** A RUN that installs language or system dependencies. */
export const DEPENDENCY_INSTALL = /\b(npm\s+(ci|install|i)\b|yarn(\s+install)?\s*($|&&|;)|yarn\s+install|pnpm\s+(install|i)\b|pip3?\s+install\b|poetry\s+install|uv\s+(sync|pip\s+install)|bundle\s+install|go\s+mod\s+download|composer\s+install|cargo\s+(build|fetch)|mvn\s+\S*\s*(dependency:|package|install)|gradle\s+\S*(build|dependencies))/;

/** A RUN that installs packages with a package manager (system or language). */
export const PACKAGE_INSTALL = new RegExp(`${DEPENDENCY_INSTALL.source}|\\bapt(-get)?\\s+(-\\S+\\s+)*install\\b|\\bapk\\s+add\\b|\\b(dnf|yum|microdnf)\\s+install\\b`);
