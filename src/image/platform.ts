import { LayoutError } from './layout-error.js';
import type { Descriptor } from './schema.js';

// Which manifest of a multi-platform index to read: the one asked for with
// `platform`, else the engine's or this machine's. Attestation manifests
// (platform unknown/unknown) are never a choice.

/** A platform asked for, as `os/arch[/variant]`. */
export interface PlatformWanted {
  os: string;
  architecture: string;
  variant?: string | undefined;
  /** True when the user named it; false for a default (a lone manifest of another platform is then taken). */
  explicit: boolean;
}

// Node's process.arch → the GOARCH names images use.
const ARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips: 'mips',
  mipsel: 'mipsle',
};

/** Parses `os/arch[/variant]` (or `arch` alone, os linux). */
export function parsePlatform(text: string): PlatformWanted | undefined {
  const parts = text.trim().toLowerCase().split('/');
  if (parts.some((p) => !/^[a-z0-9._-]+$/.test(p)) || parts.length > 3) return undefined;
  const [first, second, third] = parts;
  if (!first) return undefined;
  if (parts.length === 1) return { os: 'linux', architecture: normalizeArch(first), explicit: true };
  return { os: first, architecture: normalizeArch(second ?? ''), variant: third, explicit: true };
}

/** This machine's platform (images are linux ones even on macOS). */
export function hostPlatform(): PlatformWanted {
  const architecture = ARCH[process.arch] ?? process.arch;
  return { os: 'linux', architecture, variant: architecture === 'arm' ? 'v7' : undefined, explicit: false };
}

/** A platform as the engine reports it (`/version`'s Os and Arch, GOOS/GOARCH names). */
export function enginePlatform(os: string, arch: string): PlatformWanted {
  return { os: os || 'linux', architecture: normalizeArch(arch), explicit: false };
}

/** Picks the manifest for a platform among an index's descriptors. */
export function choosePlatform(manifests: Descriptor[], wanted: PlatformWanted | undefined, notes: string[]): Descriptor {
  const target = wanted ?? hostPlatform();
  const candidates = manifests.filter((d) => d.platform?.os !== 'unknown' && d.platform?.architecture !== 'unknown');
  const matches = candidates.filter(
    (d) => !d.platform || (d.platform.os === target.os && normalizeArch(d.platform.architecture) === target.architecture),
  );
  const exact = matches.find((d) => !target.variant || (d.platform?.variant ?? defaultVariant(target.architecture)) === target.variant);
  const chosen = exact ?? matches[0];
  if (chosen) return chosen;
  const lone = candidates[0];
  if (!target.explicit && candidates.length === 1 && lone) {
    notes.push(`the image has no ${describe(target)} manifest; read its only one, ${describe(lone.platform)}`);
    return lone;
  }
  const available = candidates.map((d) => describe(d.platform)).join(', ') || 'none';
  throw new LayoutError(`no ${describe(target)} image in the index (it has ${available})`, 'no-match');
}

function normalizeArch(arch: string): string {
  if (arch === 'x86_64' || arch === 'x86-64') return 'amd64';
  if (arch === 'aarch64') return 'arm64';
  return arch;
}

function defaultVariant(arch: string): string | undefined {
  return arch === 'arm64' ? 'v8' : undefined;
}

function describe(platform: { os: string; architecture: string; variant?: string | undefined } | undefined): string {
  if (!platform) return 'unnamed platform';
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}
