import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStaticFile } from './static-files.js';

describe('readStaticFile', () => {
  let dir: string;
  let root: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hb-static-'));
    root = join(dir, 'dashboard');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html>');
    await writeFile(join(root, 'assets', 'app-1a2b.js'), 'export {}');
    await writeFile(join(dir, 'secret.txt'), 'outside the root');
    await writeFile(join(dir, 'dashboard-evil.txt'), 'a sibling sharing the prefix');
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test('reads files under the root with their content type', async () => {
    const index = await readStaticFile(root, 'index.html');
    assert.equal(index?.body.toString(), '<!doctype html>');
    assert.equal(index?.contentType, 'text/html; charset=utf-8');
    const js = await readStaticFile(root, 'assets/app-1a2b.js');
    assert.equal(js?.contentType, 'text/javascript; charset=utf-8');
  });

  test('a missing file or a directory is undefined', async () => {
    assert.equal(await readStaticFile(root, 'nope.js'), undefined);
    assert.equal(await readStaticFile(root, 'assets'), undefined);
    assert.equal(await readStaticFile(join(dir, 'not-built'), 'index.html'), undefined);
  });

  test('nothing outside the root is ever read', async () => {
    for (const path of [
      '../secret.txt',
      'assets/../../secret.txt',
      '/../secret.txt',
      join(dir, 'secret.txt'),
      '../dashboard-evil.txt',
      'index.html\0.png',
    ])
      assert.equal(await readStaticFile(root, path), undefined, path);
  });
});
