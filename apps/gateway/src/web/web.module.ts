import { Module } from '@nestjs/common';

import { WebService } from './web.service';

@Module({ providers: [WebService] })
export class WebModule {}
