import { HttpException, Param, type PipeTransform } from '@nestjs/common';

import type { UserId } from '@trafficshare/identity';

import { parseTelegramId } from './caller';

class TelegramIdPipe implements PipeTransform<string, UserId> {
  transform(value: string): UserId {
    const id = parseTelegramId(value);
    if (id === undefined) {
      throw new HttpException(
        {
          status: 'error',
          code: 'validation_failed',
          message: 'telegram_id must be a positive integer',
        },
        400,
      );
    }
    return id;
  }
}

/** `@TelegramIdParam()` = the `:telegram_id` (or another named) path parameter as a UserId. */
export const TelegramIdParam = (name = 'telegram_id'): ParameterDecorator =>
  Param(name, new TelegramIdPipe());
