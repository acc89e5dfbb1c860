// Original file: proto/github.com/moby/buildkit/api/services/control/control.proto


export interface UpdateBuildHistoryRequest {
  'Ref'?: (string);
  'Pinned'?: (boolean);
  'Delete'?: (boolean);
}

export interface UpdateBuildHistoryRequest__Output {
  'Ref': (string);
  'Pinned': (boolean);
  'Delete': (boolean);
}
