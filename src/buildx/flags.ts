// The flags of `docker buildx build` that take a value, so that a value is
// never mistaken for a flag, a buildlens option or the build context. pflag
// semantics: such a flag consumes the next argument whatever it looks like
// (`--build-arg --report-dir`, `-t .`, `-f -`), unless the value is attached
// (`--tag=x`, `-tx`, `-t=x`). Every other flag is a boolean or takes its value
// only with "=" (`--check`, whose NoOptDefVal is "true").
// Sources: docker/buildx commands/build.go and commands/root.go, v0.13.0 to
// v0.36 (https://github.com/docker/buildx/blob/master/commands/build.go),
// including hidden legacy `docker build` flags and experimental ones.

/** Long flags whose value may be the next argument. */
export const BUILDX_VALUE_FLAGS: ReadonlySet<string> = new Set([
  '--add-host',
  '--allow',
  '--annotation',
  '--attest',
  '--build-arg',
  '--build-context',
  '--builder', // persistent flag of `docker buildx`
  '--cache-from',
  '--cache-to',
  '--call', // v0.15+
  '--cgroup-parent',
  '--file',
  '--iidfile',
  '--label',
  '--metadata-file',
  '--network',
  '--no-cache-filter',
  '--output',
  '--platform',
  '--policy', // v0.31+
  '--print', // experimental in v0.13-0.14, hidden alias of --call since
  '--progress',
  '--provenance', // a plain string flag: `--provenance false .` consumes "false"
  '--resource', // v0.35+
  '--sbom', // likewise
  '--secret',
  '--shm-size',
  '--ssh',
  '--tag',
  '--target',
  '--ulimit',
  // experimental (BUILDX_EXPERIMENTAL=1), up to v0.23
  '--root',
  '--server-config',
  // hidden legacy `docker build` flags buildx still accepts
  '--cpu-period',
  '--cpu-quota',
  '--cpu-shares',
  '--cpuset-cpus',
  '--cpuset-mems',
  '--isolation',
  '--memory',
  '--memory-swap',
  '--security-opt',
]);

/** Short flags and their long names; `valued` ones take the next argument or an attached value. */
export const BUILDX_SHORT_FLAGS: ReadonlyMap<string, { long: string; valued: boolean }> = new Map([
  ['f', { long: '--file', valued: true }],
  ['t', { long: '--tag', valued: true }],
  ['o', { long: '--output', valued: true }],
  ['m', { long: '--memory', valued: true }],
  ['c', { long: '--cpu-shares', valued: true }],
  ['q', { long: '--quiet', valued: false }],
  ['D', { long: '--debug', valued: false }], // persistent flag of `docker buildx`, v0.20+
]);
