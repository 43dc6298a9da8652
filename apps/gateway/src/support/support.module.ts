import { Module } from '@nestjs/common';

import { SupportController, SupportNotify } from './support.controller';

@Module({ controllers: [SupportController], providers: [SupportNotify.provider] })
export class SupportModule {}
