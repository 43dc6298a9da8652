export * from './data-source';
export * from './migrate';
export * from './snake-naming.strategy';
export * from './prepared-query';
export * from './transactions';
export * from './pool-guard';
