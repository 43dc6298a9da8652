import { Module } from '@nestjs/common';

import { AdminAuditController, AuditAuth } from './admin-audit.controller';

@Module({ controllers: [AdminAuditController], providers: [AuditAuth.provider] })
export class AdminAuditModule {}
