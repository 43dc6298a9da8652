import { Module } from '@nestjs/common';

import { TelegramBotController, TelegramBotNotify } from './telegram-bot.controller';

@Module({ controllers: [TelegramBotController], providers: [TelegramBotNotify.provider] })
export class TelegramBotModule {}
