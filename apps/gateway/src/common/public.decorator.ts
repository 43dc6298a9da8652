import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'ts:isPublic';

/** Marks a route as reachable without a token. Every other route needs a valid access token
 *  (the global AuthGuard); a test fails when a route has neither. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
