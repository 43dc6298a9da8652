import { HttpException, Param, type PipeTransform } from '@nestjs/common';

import { parseTelegramId } from './caller';

class TelegramIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
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

/** `@TelegramIdParam()` = the `:telegram_id` (or another named) path parameter as a number. */
export const TelegramIdParam = (name = 'telegram_id'): ParameterDecorator =>
  Param(name, new TelegramIdPipe());
