import { describe, expect, test } from 'vitest';
import { historyInstruction } from '../../src/image/created-by.js';

// created_by as three builders write it: the classic builder (dive's recorded
// test image), BuildKit (`docker history --no-trunc` of an image built on the
// default engine) and kaniko (dive's kaniko test image).

describe('historyInstruction', () => {
  test.each([
    ['/bin/sh -c #(nop) ADD file:ce026b62356eec3ad1214f92be2c9dc063fe205bd5e600be3492c4dfb17148bd in / ', 'ADD', 'ADD file:ce026b62356eec3ad1214f92be2c9dc063fe205bd5e600be3492c4dfb17148bd in /'],
    ['/bin/sh -c #(nop)  CMD ["sh"]', 'CMD', 'CMD ["sh"]'],
    ['/bin/sh -c mkdir -p /root/example/really/nested', 'RUN', 'RUN mkdir -p /root/example/really/nested'],
    ['RUN /bin/sh -c rm /app/random.bin && rm -rf /data/gone # buildkit', 'RUN', 'RUN rm /app/random.bin && rm -rf /data/gone'],
    ['COPY app/ /app/ # buildkit', 'COPY', 'COPY app/ /app/'],
    ['ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'ENV', 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    ['RUN /.busybox/bin/busybox cp /somefile.txt /root/example/somefile1.txt # buildkit', 'RUN', 'RUN /.busybox/bin/busybox cp /somefile.txt /root/example/somefile1.txt'],
    ['ADD README.md /somefile.txt', 'ADD', 'ADD README.md /somefile.txt'],
    ['RUN chmod +x /root/saved.txt', 'RUN', 'RUN chmod +x /root/saved.txt'],
  ])('%s', (createdBy, keyword, text) => {
    expect(historyInstruction(createdBy)).toMatchObject({ keyword, text });
  });

  test('build args in scope keep their names and lose their values', () => {
    for (const createdBy of ['RUN |2 TOKEN=s3cr3t MODE=a b /bin/sh -c make # buildkit', '|2 TOKEN=s3cr3t MODE=a b /bin/sh -c make']) {
      const instruction = historyInstruction(createdBy);
      expect(instruction).toEqual({ keyword: 'RUN', text: 'RUN make', args: 'make', buildArgNames: ['TOKEN', 'MODE'] });
      expect(JSON.stringify(instruction)).not.toContain('s3cr3t');
    }
  });

  test('a bare command is a RUN', () => {
    expect(historyInstruction('apk add curl')).toMatchObject({ keyword: 'RUN', text: 'RUN apk add curl' });
  });
});
