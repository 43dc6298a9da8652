import multipart from '@fastify/multipart';
import { HttpException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { contractOf } from '../contract/contract-hooks';
import type { MultipartSpec } from '../contract/route-contract';
import { validationFailed } from '../errors/validation-error';

const unsupportedMediaType = () =>
  new HttpException(
    {
      status: 'error',
      code: 'unsupported_media_type',
      message: 'Send the body as application/json',
    },
    415,
  );

interface MultipartErrors {
  readonly RequestFileTooLargeError: new () => Error;
}

/**
 * `multipart/form-data` is read only by routes that declare `multipart` in their contract; every
 * other route answers it 415 `unsupported_media_type` as it answers any non-JSON body. The form
 * becomes the same body the JSON form of the route has (the file as `{filename, content_base64}`),
 * so one schema validates both and the handler does not know which one arrived. The file is
 * read up to its limit and no further (413), at most one file and the declared text fields.
 * Must be registered before the input guard (which checks the body this builds).
 */
export function registerMultipartBodies(fastify: FastifyInstance): void {
  // Only its parser (marks the request) and `request.parts()`: no body is attached by it.
  void fastify.register(multipart, { throwFileSizeLimit: true });
  fastify.addHook('preValidation', async (request) => {
    if (!request.isMultipart()) return;
    const spec = contractOf(request)?.multipart;
    if (!spec) throw unsupportedMediaType();
    request.body = await readForm(request, spec);
  });
}

async function readForm(request: FastifyRequest, spec: MultipartSpec): Promise<unknown> {
  const errors = (request.server as unknown as { multipartErrors: MultipartErrors })
    .multipartErrors;
  const maxField = Math.max(1, ...Object.values(spec.fields));
  const body: Record<string, unknown> = {};
  try {
    const parts = request.parts({
      limits: {
        fileSize: spec.maxFileBytes,
        files: 1,
        fields: Object.keys(spec.fields).length,
        fieldSize: maxField,
        parts: Object.keys(spec.fields).length + 1,
      },
    });
    for await (const part of parts) {
      if (Object.prototype.hasOwnProperty.call(body, part.fieldname)) {
        throw validationFailed([{ field: part.fieldname, message: 'is sent more than once' }]);
      }
      if (part.type === 'file') {
        if (part.fieldname !== spec.fileField) {
          part.file.resume();
          throw validationFailed([{ field: part.fieldname, message: 'is not a file field' }]);
        }
        const content = await part.toBuffer();
        body[part.fieldname] = {
          filename: part.filename ?? '',
          content_base64: content.toString('base64'),
        };
      } else {
        if (!(part.fieldname in spec.fields)) {
          throw validationFailed([
            { field: part.fieldname, message: 'is not a field of this form' },
          ]);
        }
        if (part.valueTruncated) {
          throw validationFailed([{ field: part.fieldname, message: 'is too long' }]);
        }
        body[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    if (err instanceof HttpException) throw err;
    if (err instanceof errors.RequestFileTooLargeError) {
      throw new HttpException(
        {
          status: 'error',
          code: spec.tooLargeCode,
          message: `The attachment is larger than ${Math.round(spec.maxFileBytes / 1024 / 1024)} MB`,
        },
        413,
      );
    }
    throw validationFailed([
      { field: '(body)', message: `is not a valid form: ${(err as Error).message}` },
    ]);
  }
  return body;
}
