#!/usr/bin/env bash
# Regenerates the TypeScript declarations of the vendored BuildKit and
# containerd protos (src/buildkit/wire). The options must match the loader
# options in src/buildkit/proto.ts, or the declared shapes would lie.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf src/buildkit/wire
npx proto-loader-gen-types --grpcLib=@grpc/grpc-js --longs=String --enums=String \
  --defaults --oneofs --bytes=Buffer -I proto --outDir=src/buildkit/wire \
  github.com/moby/buildkit/api/services/control/control.proto \
  github.com/containerd/containerd/api/services/content/v1/content.proto
# The generator writes extensionless relative imports; NodeNext ESM needs ".js".
find src/buildkit/wire -name '*.ts' -print0 |
  xargs -0 sed -i -E "s#(from '\.{1,2}/[^']*)';#\1.js';#"
