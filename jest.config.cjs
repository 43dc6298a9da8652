// Root jest: one project per app, lib and tool folder that has a jest.config.cjs, plus e2e/.
const { readdirSync, existsSync } = require('node:fs');
const path = require('node:path');

const projects = ['apps', 'libs', 'tools']
  .flatMap((dir) =>
    existsSync(path.join(__dirname, dir))
      ? readdirSync(path.join(__dirname, dir)).map((name) => path.join(__dirname, dir, name))
      : [],
  )
  .concat([path.join(__dirname, 'e2e')])
  .filter((dir) => existsSync(path.join(dir, 'jest.config.cjs')));

module.exports = { projects, maxWorkers: 2 };
