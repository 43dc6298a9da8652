import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

import { appVersion } from '@trafficshare/config';

/** OpenAPI UI at /docs and JSON at /docs-json, built from the controllers' decorators. */
export function setupDocs(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('TrafficShare API')
      .setDescription(
        'Public API of the TrafficShare gateway. Errors are always `{"status":"error","code","message"}`; ' +
          'money is decimal USD with 6 places at most; traffic is MB (1 GB = 1024 MB).',
      )
      .setVersion(appVersion())
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
