module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'auth-svc',
  rootDir: __dirname,
};
