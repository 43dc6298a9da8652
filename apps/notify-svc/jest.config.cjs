module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'notify-svc',
  rootDir: __dirname,
};
