module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'filter-lists',
  rootDir: __dirname,
};
