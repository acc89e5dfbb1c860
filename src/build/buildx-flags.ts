// The flags of `docker buildx build` that take a value in the next argument
// (pflag string/stringArray/int flags). Anything else is a boolean or takes
// its value only with "=" (flags with a NoOptDefVal such as --provenance,
// --sbom, --print, --call). Sources: docker/buildx commands/build.go
// (v0.13 to v0.20), including the hidden legacy `docker build` flags.

/** Long flags whose value may be the next argument. */
export const BUILDX_VALUE_FLAGS = new Set([
  '--add-host',
  '--allow',
  '--annotation',
  '--attest',
  '--build-arg',
  '--build-context',
  '--builder',
  '--cache-from',
  '--cache-to',
  '--cgroup-parent',
  '--file',
  '--iidfile',
  '--label',
  '--metadata-file',
  '--network',
  '--no-cache-filter',
  '--output',
  '--platform',
  '--progress',
  '--secret',
  '--shm-size',
  '--ssh',
  '--tag',
  '--target',
  '--ulimit',
  '--policy',
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
  '--config',
  '--context',
  '--host',
  '--log-level',
]);

/** Short flags whose value may be the next argument (or attached: -tname). */
export const BUILDX_SHORT_VALUE_FLAGS = new Set(['f', 't', 'o', 'm', 'c']);
