import { fileURLToPath } from 'node:url';
import { loadSync, type Options } from '@grpc/proto-loader';
import { loadPackageDefinition } from '@grpc/grpc-js';
import type { ProtoGrpcType as ControlProto } from './wire/control.js';
import type { ProtoGrpcType as ContentProto } from './wire/content.js';

// Loads the vendored protos (proto/, BuildKit v0.13.2) at run time. These
// options must match scripts/gen-proto-types.sh, which generated ./wire.

/** Loader options shared by the runtime loader and the type generator. */
export const LOADER_OPTIONS: Options = {
  longs: String,
  enums: String,
  bytes: Buffer,
  defaults: true,
  oneofs: true,
  includeDirs: [fileURLToPath(new URL('../../proto', import.meta.url))],
};

const CONTROL = 'github.com/moby/buildkit/api/services/control/control.proto';
const CONTENT = 'github.com/containerd/containerd/api/services/content/v1/content.proto';

let loaded: { control: ControlProto; content: ContentProto } | undefined;

/** The gRPC service constructors and message types, loaded once. */
export function loadProtos(): { control: ControlProto; content: ContentProto } {
  if (!loaded) {
    // loadPackageDefinition returns an untyped tree; the generated ProtoGrpcType describes it.
    const control = loadPackageDefinition(loadSync(CONTROL, LOADER_OPTIONS)) as unknown as ControlProto;
    const content = loadPackageDefinition(loadSync(CONTENT, LOADER_OPTIONS)) as unknown as ContentProto;
    loaded = { control, content };
  }
  return loaded;
}
