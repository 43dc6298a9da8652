/** Injection tokens the kit provides to every service module. */
export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const NATS = Symbol('NATS');
export const OUTBOX = Symbol('OUTBOX');
export const REDIS = Symbol('REDIS');
export const SERVICE_CONTEXT = Symbol('SERVICE_CONTEXT');
