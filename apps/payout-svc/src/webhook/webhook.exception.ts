import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum WebhookErrorCode {
  UnknownProvider = 'unknown_provider',
  InvalidSignature = 'invalid_signature',
  InvalidPayload = 'invalid_payload',
}

const KIND: Record<WebhookErrorCode, ErrorKind> = {
  [WebhookErrorCode.UnknownProvider]: 'not_found',
  [WebhookErrorCode.InvalidSignature]: 'unauthenticated',
  [WebhookErrorCode.InvalidPayload]: 'invalid_argument',
};

export class WebhookException extends DomainException {
  constructor(code: WebhookErrorCode, message: string) {
    super(KIND[code], code, message);
  }
}
