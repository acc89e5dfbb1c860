import { describe, expect, test } from 'vitest';
import { category, dockerfile, findingsOf, MiB, ofRule, type BuildSpec } from '../support/build-input.js';

// BL009: secrets in the image's layers or its build args.

const SECRETS = category('secret', 2048, ['app/.env', 'app/deploy.key']);

// `COPY . .` on line 4 (`comment` directly above) copying a .env and a key.
function copiedSecrets(comment: string, over: Partial<BuildSpec> = {}): BuildSpec {
  return {
    dockerfile: dockerfile('FROM node:20.11-bookworm-slim', 'WORKDIR /app', comment, 'COPY . .', 'USER node'),
    layers: [{ line: 1, base: true, bytes: 70 * MiB }, { line: 4, bytes: 3 * MiB, categories: [SECRETS] }],
    ...over,
  };
}

// A global secret-named ARG on line 1 and a stage one on line 4 (`comment` directly above).
function secretArgs(comment: string, over: Partial<BuildSpec> = {}): BuildSpec {
  return {
    dockerfile: dockerfile('ARG REGISTRY_PASSWORD', 'FROM node:20.11-bookworm-slim', comment, 'ARG NPM_TOKEN', 'ARG VERSION=1.0', 'RUN npm ci --omit=dev', 'USER node'),
    buildArgNames: ['NPM_TOKEN', 'VERSION'],
    ...over,
  };
}

describe('BL009 secrets', () => {
  test('secret-like files copied into a layer are an error at the COPY, with their paths', () => {
    const found = ofRule(findingsOf(copiedSecrets('# sources')), 'BL009');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'BL009', severity: 'error', line: 4, endLine: 4, evidence: { paths: ['app/.env', 'app/deploy.key'], files: 2 } });
    expect(found[0]?.message).toContain('app/.env');
    expect(found[0]).not.toHaveProperty('savingsBytes');
  });

  test('secret-named ARGs, global and in a stage, are errors at their lines naming the argument; VERSION is not', () => {
    const found = ofRule(findingsOf(secretArgs('# for the private registry')), 'BL009');
    expect(found.map((f) => [f.line, f.endLine, f.severity, 'arg' in f.evidence ? f.evidence.arg : undefined])).toEqual(
      expect.arrayContaining([[1, 1, 'error', 'REGISTRY_PASSWORD'], [4, 4, 'error', 'NPM_TOKEN']]),
    );
    expect(found).toHaveLength(2);
  });

  test.each(['NPM_TOKEN', 'GITHUB_TOKEN', 'DB_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'API_KEY', 'APIKEY', 'SSH_PRIVATE_KEY', 'GCP_CREDENTIALS', 'NPM_AUTH', 'NPM_TOKEN=placeholder'])('ARG %s is reported', (arg) => {
    const spec: BuildSpec = { dockerfile: dockerfile('FROM alpine:3.19', `ARG ${arg}`, 'USER nobody') };
    expect(ofRule(findingsOf(spec), 'BL009')).toMatchObject([{ line: 2, evidence: { arg: arg.split('=')[0] } }]);
  });

  test.each(['VERSION', 'NODE_ENV', 'TOKENIZER_MODEL', 'AUTHOR', 'KEYBOARD_LAYOUT'])('ARG %s is not reported', (arg) => {
    const spec: BuildSpec = { dockerfile: dockerfile('FROM alpine:3.19', `ARG ${arg}`, 'USER nobody') };
    expect(ofRule(findingsOf(spec), 'BL009')).toEqual([]);
  });

  test('no finding for a secret mount: nothing lands in a layer and no ARG carries it', () => {
    const spec: BuildSpec = {
      dockerfile: dockerfile('FROM node:20.11-bookworm-slim', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev', 'USER node'),
      layers: [{ line: 1, base: true, bytes: 70 * MiB }, { line: 3, bytes: 2048 }, { line: 4, bytes: 20 * MiB }],
    };
    expect(ofRule(findingsOf(spec), 'BL009')).toEqual([]);
  });

  test('no finding for key files that came with the base image', () => {
    const spec = copiedSecrets('# sources');
    spec.layers = [{ line: 1, base: true, bytes: 70 * MiB, categories: [category('secret', 1024, ['etc/ssl/private/ssl-cert-snakeoil.key'])] }, { line: 4, bytes: 3 * MiB }];
    expect(ofRule(findingsOf(spec), 'BL009')).toEqual([]);
  });

  test('a buildlens-ignore comment above the COPY silences the file finding', () => {
    expect(ofRule(findingsOf(copiedSecrets('# buildlens-ignore BL009')), 'BL009')).toEqual([]);
  });

  test('a buildlens-ignore comment above a stage ARG silences only that ARG', () => {
    expect(ofRule(findingsOf(secretArgs('# buildlens-ignore BL009')), 'BL009').map((f) => f.line)).toEqual([1]);
  });

  test('rules: { BL009: "off" } silences all of it', () => {
    expect(ofRule(findingsOf(copiedSecrets('# sources', { rules: { BL009: 'off' } })), 'BL009')).toEqual([]);
    expect(ofRule(findingsOf(secretArgs('# x', { rules: { BL009: 'off' } })), 'BL009')).toEqual([]);
  });

  test('a secret name declared together with another in one ARG is reported', () => {
    const spec: BuildSpec = { dockerfile: dockerfile('FROM alpine:3.19', 'ARG VERSION=1.0 NPM_TOKEN', 'USER nobody') };
    expect(ofRule(findingsOf(spec), 'BL009')).toMatchObject([{ line: 2, severity: 'error', evidence: { arg: 'NPM_TOKEN' } }]);
  });
});
