export * from './bootstrap-service';
export * from './kit.module';
export * from './main-runner';
export * from './service-context';
export * from './tokens';
export * from './service-info.service';
export * from './periodic';
export * from './service-consumers';
