import { Global, Module } from '@nestjs/common';

import type { AppConfig } from '../config';
import { GATEWAY_CONFIG } from '../infra/tokens';
import { AccessTokenVerifier } from './access-token.verifier';
import { AuthController } from './auth.controller';
import { RevocationService } from './revocation.service';

/**
 * Login routes, and the token verifier and revocation check that the global AuthGuard, the
 * WebSocket and the report route share (one cache of verified tokens per gateway).
 */
@Global()
@Module({
  controllers: [AuthController],
  providers: [
    RevocationService,
    {
      provide: AccessTokenVerifier,
      inject: [GATEWAY_CONFIG],
      useFactory: (config: AppConfig) =>
        new AccessTokenVerifier(config.JWT_PUBLIC_KEY, {
          issuer: config.JWT_ISSUER,
          audience: config.JWT_AUDIENCE,
        }),
    },
  ],
  exports: [RevocationService, AccessTokenVerifier],
})
export class AuthModule {}
