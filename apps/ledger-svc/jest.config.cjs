module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'ledger-svc',
  rootDir: __dirname,
};
