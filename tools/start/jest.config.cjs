module.exports = { ...require('../../jest.preset.cjs'), displayName: 'start', rootDir: __dirname };
