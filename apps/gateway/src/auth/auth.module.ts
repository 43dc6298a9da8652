import { Global, Module } from '@nestjs/common';

import { AuthController } from './auth.controller';
import { RevocationService } from './revocation.service';

/** Login routes and the revocation check the global AuthGuard (and the WebSocket) use. */
@Global()
@Module({
  controllers: [AuthController],
  providers: [RevocationService],
  exports: [RevocationService],
})
export class AuthModule {}
