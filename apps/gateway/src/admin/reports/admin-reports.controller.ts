import { Controller, HttpException, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import type { RouteInput, RouteReply } from '../../contract/route-contract';
import { Route } from '../../contract/route.decorator';
import { GATEWAY_CONFIG } from '../../infra/tokens';
import type { AppConfig } from '../../config';
import { CONTENT_TYPES, ExportReportRoute } from './admin-reports.contract';
import { csvStream } from './report-csv';
import { renderPdf, ReportTooLarge, summarize } from './report-pdf';
import type { ReportSource } from './report-source';
import { ReportSources } from './report-sources';
import { xlsxStream } from './report-xlsx';

type Req = FastifyRequest & AuthenticatedRequest;

const tooLarge = (limit: number, type: string) =>
  new HttpException(
    {
      status: 'error',
      code: 'export_too_large',
      message: `${type} exports hold at most ${limit} rows: export CSV (no row limit) or pick a shorter period`,
      limit,
    },
    400,
  );

/** Counts the report's rows, stopping as soon as there are more than `limit`. */
async function assertAtMost(source: ReportSource, limit: number, type: string): Promise<void> {
  let rows = 0;
  for await (const page of source.pages()) {
    rows += page.length;
    if (rows > limit) throw tooLarge(limit, type);
  }
}

/** Admin reports: exports read from the owning service page by page. */
@Controller()
export class AdminReportsController {
  constructor(
    private readonly sources: ReportSources,
    @Inject(GATEWAY_CONFIG) private readonly config: AppConfig,
  ) {}

  @Route(ExportReportRoute)
  async export(
    { query: q }: RouteInput<typeof ExportReportRoute>,
    @Req() request: Req,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RouteReply<typeof ExportReportRoute>> {
    const source = this.sources.of(q, request);
    const limit = this.config.ADMIN_EXPORT_MAX_ROWS;
    const name = `${q.report}-${q.from.slice(0, 10)}-${q.to.slice(0, 10)}.${q.type}`;
    let body: NodeJS.ReadableStream;
    switch (q.type) {
      case 'csv':
        body = csvStream(source);
        break;
      case 'xlsx':
        // Decided before the first byte: a refused export is a clean 400, not a cut-off file.
        await assertAtMost(source, limit, 'XLSX');
        body = xlsxStream(source);
        break;
      case 'pdf': {
        const summary = await summarize(source, limit).catch((err: unknown) => {
          throw err instanceof ReportTooLarge ? tooLarge(err.limit, 'PDF') : err;
        });
        body = renderPdf(source, summary, {
          title: `TrafficShare: ${source.title}`,
          from: q.from,
          to: q.to,
          generatedAt: new Date().toISOString(),
        });
        (body as unknown as { end(): void }).end();
        break;
      }
    }
    void reply.header('content-type', CONTENT_TYPES[q.type]);
    void reply.header('content-disposition', `attachment; filename="${name}"`);
    // Fastify pipes a stream with backpressure; a service error mid-stream aborts the response.
    return body as unknown as RouteReply<typeof ExportReportRoute>;
  }
}
