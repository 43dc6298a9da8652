import { HttpException, RequestMethod } from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import { z } from 'zod/v4';

import { IS_PUBLIC } from '../common/public.decorator';
import { ROLES } from '../common/roles';
import { RATE_LIMIT, SKIP_RATE_LIMIT } from '../rate-limit/rate-limit.decorator';

import { routeErrors } from './common-errors';
import { checkResponse } from './contract-hooks';
import { line, queryInt, text } from './fields';
import { operationIdOf, operationOf, openApiPath } from './openapi';
import { defineRoute, type RouteInput, type RouteReply } from './route-contract';
import { parseRouteInput, Route } from './route.decorator';

const ItemRoute = defineRoute({
  method: 'POST',
  path: '/api/items/:item_id',
  tags: ['items'],
  access: { roles: ['superadmin'] },
  summary: 'Rename an item',
  params: z.strictObject({ item_id: line(40) }),
  query: z.strictObject({ limit: queryInt(1, 100).default(20) }),
  body: z.strictObject({ name: line(20), note: text(100).optional() }),
  response: z.strictObject({ id: z.string(), name: z.string() }),
  errors: { 404: ['item_not_found'] },
});

const ProbeRoute = defineRoute({
  method: 'GET',
  path: '/probe',
  tags: ['ops'],
  access: 'public',
  rateLimit: 'none',
  envelope: false,
  summary: 'A probe',
  response: z.strictObject({ status: z.literal('ok') }),
  alternatives: { 503: z.strictObject({ status: z.literal('down') }) },
});

/** The error body a thrown HttpException carries. */
function refusal(fn: () => unknown): { status: number; body: Record<string, unknown> } {
  try {
    fn();
  } catch (err) {
    if (err instanceof HttpException) {
      return { status: err.getStatus(), body: err.getResponse() as Record<string, unknown> };
    }
    throw err;
  }
  throw new Error('expected a refusal');
}

const request = (over: { body?: unknown; query?: unknown; params?: unknown }) => ({
  body: undefined,
  query: { limit: '5' },
  params: { item_id: 'a1' },
  ...over,
});

describe('defineRoute', () => {
  it('fills the defaults and wraps an enveloped payload in {"status":"success"}', () => {
    expect(ItemRoute).toMatchObject({ status: 200, envelope: true, rateLimit: 'default' });
    expect(ItemRoute.successBody.parse({ status: 'success', id: '1', name: 'x' })).toEqual({
      status: 'success',
      id: '1',
      name: 'x',
    });
    // The payload's strictness carries over: an undeclared field is a mismatch.
    expect(
      ItemRoute.successBody.safeParse({ status: 'success', id: '1', name: 'x', extra: 1 }).success,
    ).toBe(false);
    expect(ProbeRoute.successBody).toBe(ProbeRoute.response);
  });

  it('refuses an enveloped response that is not an object', () => {
    expect(() =>
      defineRoute({
        method: 'GET',
        path: '/x',
        tags: [],
        access: 'user',
        summary: 'x',
        response: z.array(z.string()) as unknown as z.ZodObject,
      }),
    ).toThrow('an enveloped response must be a z.object');
  });
});

describe('parseRouteInput', () => {
  it('parses params, query and body; no body at all is {}', () => {
    const bodyless = defineRoute({
      ...ItemRoute,
      body: z.strictObject({ name: line(20).optional() }),
    });
    expect(parseRouteInput(bodyless, request({}))).toEqual({
      params: { item_id: 'a1' },
      query: { limit: 5 },
      body: {},
    });
  });

  it.each([
    ['a JSON null', null],
    ['an array', [{ name: 'x' }]],
    ['a string', 'name=x'],
    ['a number', 12],
  ])('refuses %s where an object body is expected', (_what, body) => {
    expect(refusal(() => parseRouteInput(ItemRoute, request({ body })))).toMatchObject({
      status: 400,
      body: { status: 'error', code: 'validation_failed', errors: [{ field: '(body)' }] },
    });
  });

  it.each(['0x10', '1e1', ' 12', '12 ', '12.0', '', '+5', '-5', '1_0'])(
    'refuses the query number %j (decimal digits only)',
    (limit) => {
      expect(
        refusal(() =>
          parseRouteInput(ItemRoute, request({ query: { limit }, body: { name: 'x' } })),
        ),
      ).toMatchObject({ status: 400, body: { errors: [{ field: 'limit' }] } });
    },
  );

  it('names the field that carries a control character', () => {
    const nul = refusal(() => parseRouteInput(ItemRoute, request({ body: { name: 'a\u0000b' } })));
    expect(nul.body).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'name', message: 'must not contain control characters' }],
    });
    // One-line strings refuse line breaks; free text keeps them (and tabs), never other controls.
    expect(() => parseRouteInput(ItemRoute, request({ body: { name: 'a\nb' } }))).toThrow(
      HttpException,
    );
    expect(
      parseRouteInput(ItemRoute, request({ body: { name: 'a', note: 'one\r\ntwo\tthree' } })).body,
    ).toEqual({ name: 'a', note: 'one\r\ntwo\tthree' });
    expect(() =>
      parseRouteInput(ItemRoute, request({ body: { name: 'a', note: 'bell\u0007' } })),
    ).toThrow(HttpException);
    expect(() =>
      parseRouteInput(
        ItemRoute,
        request({ params: { item_id: '%00\u0000' }, body: { name: 'a' } }),
      ),
    ).toThrow(HttpException);
  });
});

describe('checkResponse', () => {
  const ok = { status: 'success', id: '1', name: 'x' };
  const error = (code: string, extra: object = {}) => ({
    status: 'error',
    code,
    message: 'm',
    ...extra,
  });

  it('accepts the declared success body and declared or common errors', () => {
    expect(checkResponse(ItemRoute, 200, ok)).toBeUndefined();
    expect(checkResponse(ItemRoute, 404, error('item_not_found'))).toBeUndefined();
    expect(checkResponse(ItemRoute, 401, error('token_expired'))).toBeUndefined();
    expect(checkResponse(ItemRoute, 403, error('forbidden'))).toBeUndefined();
    expect(checkResponse(ItemRoute, 429, error('rate_limited', { retry_after_s: 3 }))).toBe(
      undefined,
    );
    expect(
      checkResponse(
        ItemRoute,
        400,
        error('validation_failed', { errors: [{ field: 'name', message: 'too long' }] }),
      ),
    ).toBeUndefined();
  });

  it('flags a success body that does not match, with the zod issues', () => {
    const violation = checkResponse(ItemRoute, 200, { ...ok, name: 7 });
    expect(violation?.reason).toBe('the 200 body does not match its schema');
    expect(violation?.issues?.[0]?.path).toEqual(['name']);
    expect(checkResponse(ItemRoute, 200, { id: '1', name: 'x' })?.reason).toBe(
      'the 200 body does not match its schema',
    );
    expect(checkResponse(ItemRoute, 201, ok)?.reason).toBe('status 201 is not declared');
  });

  it('flags undeclared error statuses and codes and bodies of another shape', () => {
    expect(checkResponse(ItemRoute, 409, error('conflict'))?.reason).toBe(
      'error status 409 is not declared',
    );
    expect(checkResponse(ItemRoute, 404, error('user_not_found'))?.reason).toBe(
      'error code user_not_found is not declared for 404',
    );
    expect(
      checkResponse(ItemRoute, 404, {
        statusCode: 404,
        error: 'Not Found',
        message: 'Route GET:/x not found',
      })?.reason,
    ).toBe('the 404 body is not an error body');
    expect(
      checkResponse(ItemRoute, 404, error('item_not_found', { statusCode: 404 }))?.reason,
    ).toBe('the 404 body is not an error body');
  });

  it('takes an alternative body, or an error body, on the alternative status', () => {
    expect(checkResponse(ProbeRoute, 503, { status: 'down' })).toBeUndefined();
    expect(checkResponse(ProbeRoute, 503, error('service_unavailable'))).toBeUndefined();
    expect(checkResponse(ProbeRoute, 503, { status: 'up' })?.reason).toBe(
      'the 503 body does not match its schema',
    );
  });

  it('checks only the error body where no route matched', () => {
    expect(checkResponse(undefined, 404, error('not_found'))).toBeUndefined();
    expect(checkResponse(undefined, 400, { statusCode: 400, code: 'FST_ERR_BAD_URL' })).toEqual(
      expect.objectContaining({ reason: 'the 400 body is not an error body' }),
    );
  });
});

describe('OpenAPI from a contract', () => {
  it('names operations and paths the OpenAPI way', () => {
    expect(openApiPath(ItemRoute.path)).toBe('/api/items/{item_id}');
    expect(operationIdOf(ItemRoute)).toBe('postItemsByItemId');
    expect(operationIdOf({ method: 'GET', path: '/api/daily_price/history' })).toBe(
      'getDailyPriceHistory',
    );
  });

  it('describes parameters, body, the enveloped success and each error status with its codes', () => {
    const op = operationOf(ItemRoute) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(op).toMatchObject({
      operationId: 'postItemsByItemId',
      tags: ['items'],
      security: [{ bearer: [] }],
      parameters: [
        { name: 'item_id', in: 'path', required: true, schema: { type: 'string', maxLength: 40 } },
        // Query numbers are documented as integers though they are parsed from digits.
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: 100 },
        },
      ],
      requestBody: { required: true },
    });
    expect(op.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: { name: { type: 'string', maxLength: 20, pattern: expect.any(String) } },
    });
    expect(op.responses[200].content['application/json'].schema).toMatchObject({
      required: ['status', 'id', 'name'],
      properties: { status: { const: 'success' } },
      additionalProperties: false,
    });
    const codes = (status: number): unknown =>
      op.responses[status].content['application/json'].schema.allOf[1].properties.code.enum;
    expect(codes(404)).toEqual(['item_not_found']);
    expect(codes(403)).toEqual(['forbidden', 'user_banned']);
    expect(codes(400)).toEqual(['bad_request', 'invalid_json', 'validation_failed']);
    expect(codes(415)).toEqual(['unsupported_media_type']);
    expect(Object.keys(op.responses as object)).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '413',
      '415',
      '429',
      '500',
      '503',
      '504',
    ]);
    expect(routeErrors(ItemRoute)[401]).toEqual([
      'session_revoked',
      'token_expired',
      'token_invalid',
      'token_missing',
    ]);
  });

  it('documents a public probe without security or 429 (body errors: a client may send one to any method), and its alternative', () => {
    const op = operationOf(ProbeRoute) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(op.security).toEqual([]);
    expect(op.requestBody).toBeUndefined();
    expect(Object.keys(op.responses as object)).toEqual([
      '200',
      '400',
      '413',
      '415',
      '500',
      '503',
      '504',
    ]);
    expect(op.responses[503].content['application/json'].schema.oneOf).toHaveLength(2);
  });
});

describe('@Route', () => {
  const StatsRoute = defineRoute({
    method: 'GET',
    path: '/api/stats/daily',
    aliases: ['/api/stats/daily/:telegram_id'],
    tags: ['stats'],
    access: { roles: ['moderator', 'superadmin'] },
    rateLimit: { name: 'stats', points: 5, windowS: 60 },
    summary: 'Daily stats',
    params: z.strictObject({ telegram_id: line(16).optional() }),
    response: z.strictObject({ days: z.number() }),
  });

  class StatsController {
    @Route(StatsRoute)
    async daily({ params }: RouteInput<typeof StatsRoute>): Promise<RouteReply<typeof StatsRoute>> {
      return { days: params.telegram_id ? 1 : 7 };
    }

    @Route(ProbeRoute)
    probe(): RouteReply<typeof ProbeRoute> {
      return { status: 'ok' };
    }

    // @ts-expect-error the reply must match the contract's payload (days is a number)
    @Route(StatsRoute)
    async wrong(): Promise<{ days: string }> {
      return { days: 'seven' };
    }
  }

  it('registers every path, the status, access, rate limit and the contract as route config', () => {
    const handler = Object.getOwnPropertyDescriptor(StatsController.prototype, 'daily')!
      .value as object;
    const meta = (key: string): unknown => Reflect.getMetadata(key, handler);
    expect(meta(PATH_METADATA)).toEqual(['/api/stats/daily', '/api/stats/daily/:telegram_id']);
    expect(meta(METHOD_METADATA)).toBe(RequestMethod.GET);
    expect(meta(HTTP_CODE_METADATA)).toBe(200);
    expect(meta(ROLES)).toEqual(['moderator', 'superadmin']);
    expect(meta(RATE_LIMIT)).toEqual({ name: 'stats', points: 5, windowS: 60 });
    expect(meta(IS_PUBLIC)).toBeUndefined();
    expect(meta(FASTIFY_ROUTE_CONFIG_METADATA)).toEqual({ contract: StatsRoute });
    // The parsed input is the first argument.
    const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, StatsController, 'daily') as Record<
      string,
      { index: number }
    >;
    expect(Object.values(args).map((a) => a.index)).toEqual([0]);

    const probe = Object.getOwnPropertyDescriptor(StatsController.prototype, 'probe')!
      .value as object;
    expect(Reflect.getMetadata(IS_PUBLIC, probe)).toBe(true);
    expect(Reflect.getMetadata(SKIP_RATE_LIMIT, probe)).toBe(true);
  });

  it('documents each path as its own operation, with only the parameters it has', () => {
    const own = operationOf(StatsRoute) as { operationId: string; parameters: unknown[] };
    const alias = operationOf(StatsRoute, '/api/stats/daily/:telegram_id') as typeof own;
    expect([own.operationId, own.parameters]).toEqual(['getStatsDaily', []]);
    expect(alias.operationId).toBe('getStatsDailyByTelegramId');
    expect(alias.parameters).toEqual([
      expect.objectContaining({ name: 'telegram_id', in: 'path', required: true }),
    ]);
  });
});
