import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { withTable } from './config-table';

describe('README.md', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

  it('documents every variable the apps read, as the config specs say (npm run docs:config)', () => {
    expect(readme).toBe(withTable(readme));
  });

  it('starts with the two commands', () => {
    const firstCommands = readme.match(/```(?:bash|sh)\n([\s\S]*?)```/)?.[1] ?? '';
    expect(firstCommands).toContain('npm ci && npm start');
    expect(firstCommands).toContain('npm test');
  });
});

describe('package.json scripts', () => {
  const root = join(__dirname, '..', '..');
  const scripts = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;

  it('name only files that exist (a script pointing at a removed file fails here, not on a user)', () => {
    const missing = Object.entries(scripts).flatMap(([name, command]) =>
      [...command.matchAll(/(?:^|\s)(tools\/\S+\.(?:cjs|mjs|js|ts|sh))/g)]
        .map((m) => m[1])
        .filter((file) => !existsSync(join(root, file)))
        .map((file) => `${name}: ${file}`),
    );
    expect(missing).toEqual([]);
  });
});
