import { extractFilePaths } from '../../../src/spec/file-paths';

const slugs = new Set(['acme/api']);

describe('extractFilePaths', () => {
  test.each([
    ['Update src/routes/users.ts and src/db/users.ts', ['src/routes/users.ts', 'src/db/users.ts']],
    [
      'Check package.json, ./lib/x.js and ../README.md.',
      ['package.json', './lib/x.js', '../README.md'],
    ],
    ['See handler.ts:12:4 and src/a.ts#L10-L20', ['handler.ts', 'src/a.ts']],
    [
      'Edit .env, .github/workflows/ci.yml and the Dockerfile',
      ['.env', '.github/workflows/ci.yml', 'Dockerfile'],
    ],
    ['GET /api/users and /api/users.json', ['/api/users.json']],
    ['Open https://github.com/acme/api/blob/main/src/x.ts or github.com/acme/x.ts', []],
    ['Move acme/api and read/write code, e.g. v1.2 on example.com', []],
    ['Upgrade Node.js and Next.js in app.py twice: app.py', ['app.py']],
  ])('%s', (text, expected) => {
    expect(extractFilePaths(text, slugs)).toEqual(expected);
  });
});
