module.exports = { ...require('../../jest.preset.cjs'), displayName: 'dlq', rootDir: __dirname };
