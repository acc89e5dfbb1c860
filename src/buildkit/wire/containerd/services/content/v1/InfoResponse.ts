// Original file: proto/github.com/containerd/containerd/api/services/content/v1/content.proto

import type { Info as _containerd_services_content_v1_Info, Info__Output as _containerd_services_content_v1_Info__Output } from './Info.js';

export interface InfoResponse {
  'info'?: (_containerd_services_content_v1_Info | null);
}

export interface InfoResponse__Output {
  'info': (_containerd_services_content_v1_Info__Output | null);
}
