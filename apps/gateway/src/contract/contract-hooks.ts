import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod/v4';

import type { Logger } from '@trafficshare/observability';

import { routeErrors } from './common-errors';
import { ErrorBodySchema } from './error-body';
import { producesOf, type RouteContract } from './route-contract';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's contract (set by @Route, or by a route Fastify serves directly). */
    contract?: RouteContract;
  }
}

export function contractOf(request: FastifyRequest): RouteContract | undefined {
  return request.routeOptions.config.contract;
}

/**
 * Adds the success envelope in one place: a contract route's handler returns its payload and
 * the answer with the success status is `{"status":"success", ...payload}`.
 */
export function registerEnvelope(fastify: FastifyInstance): void {
  fastify.addHook('preSerialization', (request, reply, payload: unknown, done) => {
    const contract = contractOf(request);
    if (
      contract?.envelope &&
      reply.statusCode === contract.status &&
      typeof payload === 'object' &&
      payload !== null &&
      !Array.isArray(payload)
    ) {
      done(null, { status: 'success', ...payload });
      return;
    }
    done(null, payload);
  });
}

export interface ContractViolation {
  readonly reason: string;
  readonly issues?: readonly z.core.$ZodIssue[];
}

/**
 * Checks one answer of a route against its contract: the success body (or an alternative)
 * against its schema, an error against the error body and the codes declared for its status.
 * Without a contract (`undefined`: no route matched, e.g. 404) only the error body is checked.
 */
export function checkResponse(
  contract: RouteContract | undefined,
  status: number,
  body: unknown,
): ContractViolation | undefined {
  if (contract) {
    const schema =
      status === contract.status ? contract.successBody : contract.alternatives?.[status];
    if (schema) {
      const result = schema.safeParse(body);
      if (result.success) return undefined;
      // A status may carry both a body of its own and error bodies (503 readiness vs. error).
      if (status < 400 || !isErrorBody(body)) {
        return {
          reason: `the ${status} body does not match its schema`,
          issues: result.error.issues,
        };
      }
    } else if (status < 400) {
      return { reason: `status ${status} is not declared` };
    }
  } else if (status < 400) {
    return undefined;
  }
  const result = ErrorBodySchema.safeParse(body);
  if (!result.success) {
    return { reason: `the ${status} body is not an error body`, issues: result.error.issues };
  }
  if (!contract) return undefined;
  const codes = routeErrors(contract)[status];
  if (!codes) return { reason: `error status ${status} is not declared` };
  if (!codes.includes(result.data.code)) {
    return { reason: `error code ${result.data.code} is not declared for ${status}` };
  }
  return undefined;
}

const isErrorBody = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'error';

const VIOLATION = JSON.stringify({
  status: 'error',
  code: 'response_contract_violation',
  message: 'The response does not match the route contract',
});

/**
 * GATEWAY_VALIDATE_RESPONSES: every JSON answer of a contract route (and every answer no route
 * matched) is checked as it leaves; a mismatch becomes 500 `response_contract_violation` with
 * the reason and the zod issues in the log, so a test over real responses fails on it. Every API
 * route has a contract (tools/api/openapi.spec.ts); the web client's pages are let through.
 */
export function registerResponseCheck(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const contract = contractOf(request);
    if (!contract && request.routeOptions.url !== undefined) return done(null, payload);
    const body = decode(reply, payload);
    const jsonExpected = contract && producesOf(contract).join() === 'application/json';
    if (body === NOT_JSON && !(jsonExpected && reply.statusCode === contract.status)) {
      return done(null, payload);
    }
    const violation =
      body === NOT_JSON
        ? { reason: `the ${reply.statusCode} answer is not JSON` }
        : checkResponse(contract, reply.statusCode, body);
    if (!violation) return done(null, payload);
    logger.error(
      {
        req_id: request.id,
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        reason: violation.reason,
        issues: violation.issues,
      },
      'response contract violation',
    );
    void reply.code(500).header('content-type', 'application/json; charset=utf-8');
    done(null, VIOLATION);
  });
}

const NOT_JSON = Symbol('not json');

function decode(reply: FastifyReply, payload: unknown): unknown {
  const type = String(reply.getHeader('content-type') ?? '');
  if (typeof payload !== 'string' || !type.startsWith('application/json')) return NOT_JSON;
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return NOT_JSON;
  }
}
