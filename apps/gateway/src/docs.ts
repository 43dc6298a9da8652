import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

import { appVersion } from '@trafficshare/config';

import { REPORT_OPERATION, REPORT_PATH } from './traffic/report.route';

/**
 * OpenAPI UI at /docs and JSON at /docs-json, built from the controllers' decorators plus the
 * routes Fastify serves directly (the report route).
 */
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
  document.paths[REPORT_PATH] = { post: REPORT_OPERATION };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
