import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { PatgateError } from '@patgate/middleware';
import type { Response } from 'express';

/**
 * Answers patgate's errors with their status, `WWW-Authenticate` and JSON body. Nest's default filter
 * would turn them into a 500 (they are not `HttpException`s) and never sends the challenge header.
 */
@Catch(PatgateError)
export class PatgateExceptionFilter implements ExceptionFilter<PatgateError> {
  catch(error: PatgateError, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().status(error.status).set(error.headers).json(error.toJSON());
  }
}
