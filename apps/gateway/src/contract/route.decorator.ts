import {
  applyDecorators,
  createParamDecorator,
  Delete,
  Get,
  HttpCode,
  Patch,
  Post,
  Put,
  type ExecutionContext,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod/v4';

import { Public } from '../common/public.decorator';
import { Roles } from '../common/roles';
import { fieldErrors, validationFailed } from '../errors/validation-error';
import { RateLimit, SkipRateLimit } from '../rate-limit/rate-limit.decorator';
import type {
  HttpMethod,
  RouteContract,
  RouteInput,
  RouteReply,
  RouteSpec,
} from './route-contract';

const METHODS: Record<HttpMethod, (path: string | string[]) => MethodDecorator> = {
  GET: Get,
  POST: Post,
  PUT: Put,
  PATCH: Patch,
  DELETE: Delete,
};

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(fieldErrors(result.error.issues));
  return result.data;
}

/**
 * The request parsed by the route's schemas. A POST without a body (no content, or an empty
 * JSON body) is `{}`; a JSON `null`, array or string where an object is expected is refused.
 */
export function parseRouteInput<C extends RouteSpec>(
  contract: C,
  request: Pick<FastifyRequest, 'body' | 'query' | 'params'>,
): RouteInput<C> {
  return {
    params: contract.params ? parse(contract.params, request.params) : undefined,
    query: contract.query ? parse(contract.query, request.query) : undefined,
    body: contract.body
      ? parse(contract.body, request.body === undefined ? {} : request.body)
      : undefined,
  } as RouteInput<C>;
}

const RouteInputParam = createParamDecorator((contract: RouteContract, ctx: ExecutionContext) =>
  parseRouteInput(contract, ctx.switchToHttp().getRequest<FastifyRequest>()),
);

/**
 * `@Route(Contract)` on a controller method: the method, path, success status, access (public
 * or roles), rate limit and the Fastify route config (`contract`, read by the envelope, the
 * response check and the docs). The method's first parameter receives the parsed input, and its
 * return type must be the contract's reply; both are checked at compile time:
 *
 *   @Route(DailyPriceRoute)
 *   async daily(_input: RouteInput<typeof DailyPriceRoute>, @Req() request: Req) { … }
 */
export function Route<C extends RouteContract>(contract: C) {
  return <
    M extends (input: RouteInput<C>, ...rest: never[]) => RouteReply<C> | Promise<RouteReply<C>>,
  >(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    const decorators: Array<MethodDecorator> = [
      METHODS[contract.method]([contract.path, ...(contract.aliases ?? [])]),
      HttpCode(contract.status),
      RouteConfig({ contract }),
    ];
    if (contract.access === 'public') decorators.push(Public());
    if (typeof contract.access === 'object') decorators.push(Roles(...contract.access.roles));
    if (contract.rateLimit === 'none') decorators.push(SkipRateLimit());
    else if (contract.rateLimit !== 'default') decorators.push(RateLimit(contract.rateLimit));
    applyDecorators(...decorators)(target, key, descriptor);
    RouteInputParam(contract)(target, key, 0);
  };
}
