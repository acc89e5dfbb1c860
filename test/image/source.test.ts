import { describe, expect, it } from 'vitest';
import { ImageSourceError } from '../../src/image/errors.js';
import { parseImageSource } from '../../src/image/source.js';

describe('parseImageSource', () => {
  it.each([
    ['docker-archive:/tmp/a.tar', { transport: 'docker-archive', path: '/tmp/a.tar' }],
    ['docker-archive:a.tar:busybox:1', { transport: 'docker-archive', path: 'a.tar', ref: 'busybox:1' }],
    ['oci-archive:./x.tar', { transport: 'oci-archive', path: './x.tar' }],
    ['oci:/tmp/layout:v1', { transport: 'oci-dir', path: '/tmp/layout', ref: 'v1' }],
    ['oci-dir:/tmp/layout', { transport: 'oci-dir', path: '/tmp/layout' }],
    ['docker:busybox:1', { transport: 'docker', ref: 'busybox:1' }],
    ['docker-daemon:registry.local:5000/team/app:2.1', { transport: 'docker', ref: 'registry.local:5000/team/app:2.1' }],
    ['busybox', { transport: 'docker', ref: 'busybox' }],
    ['busybox:1.36', { transport: 'docker', ref: 'busybox:1.36' }],
    ['ghcr.io/org/app:v1', { transport: 'docker', ref: 'ghcr.io/org/app:v1' }],
    [`app@sha256:${'a'.repeat(64)}`, { transport: 'docker', ref: `app@sha256:${'a'.repeat(64)}` }],
    ['2c18c61c6016', { transport: 'docker', ref: '2c18c61c6016' }],
  ])('reads %s', (name, expected) => {
    expect(parseImageSource(name)).toMatchObject({ ...expected, name });
  });

  it.each([
    ['', /no image given/],
    ['foo:/tmp/x.tar', /unknown transport "foo:"/],
    ['containers-storage:busybox', /containers-storage: transport is not supported/],
    ['docker://busybox', /registries are not read/],
    ['docker-archive:', /no path after "docker-archive:"/],
    ['Not A Reference!', /not an image reference/],
  ])('refuses %j with one line', (name, message) => {
    const attempt = (): unknown => parseImageSource(name);
    expect(attempt).toThrow(ImageSourceError);
    expect(attempt).toThrow(message);
  });
});
