// Original file: proto/github.com/moby/buildkit/api/services/control/control.proto


export interface DiskUsageRequest {
  'filter'?: (string)[];
}

export interface DiskUsageRequest__Output {
  'filter': (string)[];
}
