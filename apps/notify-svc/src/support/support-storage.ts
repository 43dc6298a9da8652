import { Inject, Injectable } from '@nestjs/common';

import { CONFIG } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';
import {
  LocalAttachmentStorage,
  S3AttachmentStorage,
  s3OptionsOf,
  type AttachmentStorage,
} from './attachment-storage';

/** The configured attachment storage (SUPPORT_STORAGE: local directory or S3-compatible). */
@Injectable()
export class SupportStorage implements AttachmentStorage {
  private readonly impl: AttachmentStorage;

  constructor(@Inject(CONFIG) config: AppConfig) {
    this.impl =
      config.SUPPORT_STORAGE === 's3'
        ? new S3AttachmentStorage(s3OptionsOf(config.SUPPORT_S3_URL))
        : new LocalAttachmentStorage(config.SUPPORT_STORAGE_DIR);
  }

  put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    return this.impl.put(key, bytes, contentType);
  }

  get(key: string): Promise<Buffer> {
    return this.impl.get(key);
  }
}
