import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

import { appVersion } from '@trafficshare/config';

import { applyContracts, type OpenApiDocument } from './contract/openapi';
import type { RouteCatalog } from './contract/route-catalog';

/**
 * The OpenAPI 3.1 document: Nest's scan of the controllers' decorators, with every route that has
 * a contract (Nest's and the ones Fastify serves directly) described by its contract instead.
 * Call once the server listens, when every route is registered (plugins included).
 */
export function createOpenApiDocument(
  app: NestFastifyApplication,
  catalog: RouteCatalog,
): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setOpenAPIVersion('3.1.0')
      .setTitle('TrafficShare API')
      .setDescription(
        'Public API of the TrafficShare gateway. Errors are always `{"status":"error","code","message"}`; ' +
          'money is decimal USD with 6 places at most; traffic is MB (1 GB = 1024 MB).',
      )
      .setVersion(appVersion())
      .addServer('/', 'This gateway')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  return applyContracts(
    document as unknown as OpenApiDocument,
    catalog.routes(),
  ) as unknown as OpenAPIObject;
}

/**
 * OpenAPI UI at /docs and the JSON at /docs-json. The document is built on the first request, once
 * the server listens: routes that a Fastify plugin adds while the server starts (the live
 * WebSocket) are registered only then.
 */
export function setupDocs(app: NestFastifyApplication, document: () => OpenAPIObject): void {
  let built: OpenAPIObject | undefined;
  SwaggerModule.setup('docs', app, () => (built ??= document()), { jsonDocumentUrl: 'docs-json' });
}
