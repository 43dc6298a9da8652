import { Global, Inject, Module, type OnModuleDestroy } from '@nestjs/common';

import { GATEWAY_DEFAULT_PORT } from '@trafficshare/config';
import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER } from '@trafficshare/service-kit';

import { AuditRepository } from '../common/audit.repository';
import { PayoutSql } from '../common/payout-sql';
import type { AppConfig } from '../config';
import { NowPaymentsEmulator } from './nowpayments-emulator';
import { NowPaymentsProvider } from './nowpayments.provider';
import { PAYOUT_PROVIDER } from './payout-provider';

const SANDBOX = Symbol('SANDBOX_EMULATOR');

/**
 * The payout provider: NowPayments at NOWPAYMENTS_BASE_URL, or (PAYMENT_PROVIDER=sandbox, the
 * default of `npm start`) the same client against a NowPayments emulator this process serves on
 * 127.0.0.1, so the whole flow runs on one machine without the network.
 */
@Global()
@Module({
  providers: [
    PayoutSql,
    AuditRepository,
    {
      provide: SANDBOX,
      inject: [CONFIG, LOGGER],
      useFactory: async (c: AppConfig, logger: Logger): Promise<NowPaymentsEmulator | null> => {
        if (c.PAYMENT_PROVIDER !== 'sandbox') return null;
        const emulator = await NowPaymentsEmulator.start({
          apiKey: c.NOWPAYMENTS_API_KEY,
          email: c.NOWPAYMENTS_EMAIL,
          password: c.NOWPAYMENTS_PASSWORD,
          ipnSecret: c.NOWPAYMENTS_IPN_SECRET,
          twoFactorSecret: c.NOWPAYMENTS_2FA_SECRET,
          completeAfterMs: c.SANDBOX_COMPLETE_AFTER_MS,
          failAddresses: c.SANDBOX_FAIL_ADDRESSES,
          stallAddresses: c.SANDBOX_STALL_ADDRESSES,
          flakyAddresses: c.SANDBOX_FLAKY_ADDRESSES,
          flakyFailures: 2,
          keep: 10_000,
        });
        logger.info(
          { url: emulator.url },
          'sandbox payout provider (NowPayments emulator) listening',
        );
        return emulator;
      },
    },
    {
      provide: PAYOUT_PROVIDER,
      inject: [CONFIG, SANDBOX, AuditRepository],
      useFactory: (c: AppConfig, sandbox: NowPaymentsEmulator | null, audit: AuditRepository) =>
        new NowPaymentsProvider({
          baseUrl: sandbox ? sandbox.url : c.NOWPAYMENTS_BASE_URL.replace(/\/+$/, ''),
          apiKey: c.NOWPAYMENTS_API_KEY,
          email: c.NOWPAYMENTS_EMAIL,
          password: c.NOWPAYMENTS_PASSWORD,
          twoFactorSecret: c.NOWPAYMENTS_2FA_SECRET,
          currency: c.NOWPAYMENTS_CURRENCY,
          // The sandbox notifies the local gateway unless told otherwise (completion in ~20 s).
          ipnCallbackUrl:
            c.PAYOUT_IPN_CALLBACK_URL ||
            (sandbox
              ? `http://127.0.0.1:${GATEWAY_DEFAULT_PORT}/webhooks/payouts/nowpayments`
              : ''),
          timeoutMs: c.PROVIDER_TIMEOUT_MS,
          audit: (call) =>
            audit.add({
              withdrawId: call.withdrawId,
              kind: 'provider_call',
              provider: 'nowpayments',
              endpoint: call.endpoint,
              statusCode: call.statusCode,
              body: call.body,
            }),
        }),
    },
  ],
  exports: [PAYOUT_PROVIDER, PayoutSql, AuditRepository],
})
export class ProviderModule implements OnModuleDestroy {
  constructor(@Inject(SANDBOX) private readonly sandbox: NowPaymentsEmulator | null) {}

  async onModuleDestroy(): Promise<void> {
    await this.sandbox?.close();
  }
}
