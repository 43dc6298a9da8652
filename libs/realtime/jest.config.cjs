module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'realtime',
  rootDir: __dirname,
};
