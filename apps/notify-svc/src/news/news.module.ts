import { Module } from '@nestjs/common';

import { NotifyAdminAudit } from '../common/admin-audit';

import { AnnouncementsRepository } from './announcements.repository';
import { LedgerPromos } from './ledger-promos';
import { NewsGrpcController } from './news.grpc-controller';
import { NewsPublisher } from './news-publisher';
import { NewsService } from './news.service';

@Module({
  controllers: [NewsGrpcController],
  providers: [AnnouncementsRepository, LedgerPromos, NewsPublisher, NewsService, NotifyAdminAudit],
  exports: [NewsPublisher],
})
export class NewsModule {}
