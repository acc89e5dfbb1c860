// Original file: proto/github.com/moby/buildkit/api/services/control/control.proto


export interface BuildHistoryRequest {
  'ActiveOnly'?: (boolean);
  'Ref'?: (string);
  'EarlyExit'?: (boolean);
}

export interface BuildHistoryRequest__Output {
  'ActiveOnly': (boolean);
  'Ref': (string);
  'EarlyExit': (boolean);
}
