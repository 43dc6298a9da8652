export * from './client';
export * from './domain-error';
export * from './error-transport';
export * from './health';
export * from './proto-loading';
export * from './server';
export * from './grpc-methods.decorator';
export * from './nul-guard';
