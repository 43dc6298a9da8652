module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'payout-svc',
  rootDir: __dirname,
};
