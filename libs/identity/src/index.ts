export * from './caller';
export * from './identity.exception';
export * from './roles';
export * from './user-id';
export * from './access-token.verifier';
