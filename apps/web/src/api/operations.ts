// The operations of the committed OpenAPI document (`METHOD /path`), injected at build time by
// vite.config.ts: screens of features another branch is adding appear only once the gateway
// document has their routes (otherwise they say which feature brings them).
declare const __API_OPERATIONS__: readonly string[];

const operations: ReadonlySet<string> = new Set(
  typeof __API_OPERATIONS__ === 'undefined' ? [] : __API_OPERATIONS__,
);

export function hasApi(method: 'get' | 'post' | 'patch' | 'delete', path: string): boolean {
  return operations.has(`${method.toUpperCase()} ${path}`);
}
