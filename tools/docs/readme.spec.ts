import { readFileSync } from 'node:fs';
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
