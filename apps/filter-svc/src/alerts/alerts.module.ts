import { Global, Module } from '@nestjs/common';

import { TRANSACTIONS } from '../common/transactions.provider';
import { AlertsService } from './alerts.service';

@Global()
@Module({ providers: [TRANSACTIONS, AlertsService], exports: [AlertsService] })
export class AlertsModule {}
