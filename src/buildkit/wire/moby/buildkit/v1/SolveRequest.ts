// Original file: proto/github.com/moby/buildkit/api/services/control/control.proto

import type { Definition as _pb_Definition, Definition__Output as _pb_Definition__Output } from '../../../pb/Definition.js';
import type {
  CacheOptions as _moby_buildkit_v1_CacheOptions,
  CacheOptions__Output as _moby_buildkit_v1_CacheOptions__Output,
} from './CacheOptions.js';
import type {
  Policy as _moby_buildkit_v1_sourcepolicy_Policy,
  Policy__Output as _moby_buildkit_v1_sourcepolicy_Policy__Output,
} from './sourcepolicy/Policy.js';
import type { Exporter as _moby_buildkit_v1_Exporter, Exporter__Output as _moby_buildkit_v1_Exporter__Output } from './Exporter.js';

export interface SolveRequest {
  Ref?: string;
  Definition?: _pb_Definition | null;
  ExporterDeprecated?: string;
  ExporterAttrsDeprecated?: { [key: string]: string };
  Session?: string;
  Frontend?: string;
  FrontendAttrs?: { [key: string]: string };
  Cache?: _moby_buildkit_v1_CacheOptions | null;
  Entitlements?: string[];
  FrontendInputs?: { [key: string]: _pb_Definition };
  Internal?: boolean;
  SourcePolicy?: _moby_buildkit_v1_sourcepolicy_Policy | null;
  Exporters?: _moby_buildkit_v1_Exporter[];
}

export interface SolveRequest__Output {
  Ref: string;
  Definition: _pb_Definition__Output | null;
  ExporterDeprecated: string;
  ExporterAttrsDeprecated: { [key: string]: string };
  Session: string;
  Frontend: string;
  FrontendAttrs: { [key: string]: string };
  Cache: _moby_buildkit_v1_CacheOptions__Output | null;
  Entitlements: string[];
  FrontendInputs: { [key: string]: _pb_Definition__Output };
  Internal: boolean;
  SourcePolicy: _moby_buildkit_v1_sourcepolicy_Policy__Output | null;
  Exporters: _moby_buildkit_v1_Exporter__Output[];
}
