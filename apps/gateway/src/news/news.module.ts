import { Module } from '@nestjs/common';

import { NewsController, NewsNotify } from './news.controller';

@Module({ controllers: [NewsController], providers: [NewsNotify.provider] })
export class NewsModule {}
