module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'telemetry-svc',
  rootDir: __dirname,
};
