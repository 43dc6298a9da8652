export * from './fake-server';
export * from './poll-until';
export * from './test-context';
export * from './test-tracing';
export * from './start-app';
export * from './pdf-text';
