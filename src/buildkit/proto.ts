import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromJSON, loadSync, type Options } from '@grpc/proto-loader';
import { loadPackageDefinition } from '@grpc/grpc-js';
import { packageRoot } from '../core/package-root.js';
import type { ProtoGrpcType as ControlProto } from './wire/control.js';
import type { ProtoGrpcType as ContentProto } from './wire/content.js';

// Loads the vendored protos (proto/, BuildKit v0.13.2). The build precompiles
// them into dist/buildkit/protos.json (scripts/bundle-protos.mjs), which
// loads several times faster than parsing .proto text; before a build
// (tests on a fresh checkout) the .proto files are parsed. These options must match
// scripts/gen-proto-types.sh, which generated ./wire.

/** Loader options shared by the runtime loader and the type generator. */
export const LOADER_OPTIONS: Options = {
  longs: String,
  enums: String,
  bytes: Buffer,
  defaults: true,
  oneofs: true,
  includeDirs: [join(packageRoot(), 'proto')],
};

const CONTROL = 'github.com/moby/buildkit/api/services/control/control.proto';
const CONTENT = 'github.com/containerd/containerd/api/services/content/v1/content.proto';

let loaded: { control: ControlProto; content: ContentProto } | undefined;

function readBundle(): Parameters<typeof fromJSON>[0] | undefined {
  try {
    // Our own build output, written by scripts/bundle-protos.mjs from the vendored protos.
    return JSON.parse(readFileSync(join(packageRoot(), 'dist', 'buildkit', 'protos.json'), 'utf8')) as Parameters<typeof fromJSON>[0];
  } catch {
    return undefined;
  }
}

/** The gRPC service constructors and message types, loaded once. */
export function loadProtos(): { control: ControlProto; content: ContentProto } {
  if (!loaded) {
    const bundled = readBundle();
    const definition = bundled ? fromJSON(bundled, LOADER_OPTIONS) : loadSync([CONTROL, CONTENT], LOADER_OPTIONS);
    // loadPackageDefinition returns an untyped tree; the generated ProtoGrpcType describes it.
    const tree = loadPackageDefinition(definition);
    loaded = { control: tree as unknown as ControlProto, content: tree as unknown as ContentProto };
  }
  return loaded;
}
