module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'filter-svc',
  rootDir: __dirname,
};
