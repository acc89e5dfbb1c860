import type { Rule } from '../input.js';
import { BL001 } from './BL001-wasted-bytes.js';
import { BL002 } from './BL002-package-caches.js';
import { BL003 } from './BL003-install-recommends.js';
import { BL004 } from './BL004-toolchain.js';
import { BL005 } from './BL005-dev-dependencies.js';
import { BL006 } from './BL006-heavy-base.js';
import { BL007 } from './BL007-broad-copy-before-install.js';
import { BL008 } from './BL008-context.js';
import { BL009 } from './BL009-secrets.js';
import { BL010 } from './BL010-root-user.js';
import { BL011 } from './BL011-unpinned-base.js';
import { BL012 } from './BL012-docs.js';
import { BL013 } from './BL013-install-cache-mount.js';
import { BL014 } from './BL014-consecutive-runs.js';
import { BL015 } from './BL015-single-stage.js';
import { BL016 } from './BL016-secret-copied.js';

/** Every rule, in catalog order. */
export const RULES: readonly Rule[] = [
  BL001,
  BL002,
  BL003,
  BL004,
  BL005,
  BL006,
  BL007,
  BL008,
  BL009,
  BL010,
  BL011,
  BL012,
  BL013,
  BL014,
  BL015,
  BL016,
];
