export * from './apps';
export * from './dev-secrets';
export * from './load-config';
export * from './shapes';
export * from './version';
export * from './system-settings';
