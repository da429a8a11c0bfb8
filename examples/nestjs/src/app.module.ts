import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import type { TokenIssuer, TokenVerifier } from '@patgate/middleware';
import { NotesController } from './notes.controller.js';
import { PatStrategy } from './pat.strategy.js';
import { PatgateExceptionFilter } from './patgate.filter.js';
import { ISSUER, VERIFIER, type AppUser } from './patgate.js';

/**
 * The app: the strategy, the notes routes, and the filter for patgate's errors, over the verifier and
 * issuer it is given.
 */
@Module({})
export class AppModule {
  static register(patgate: { verifier: TokenVerifier<AppUser>; issuer: TokenIssuer }): DynamicModule {
    return {
      module: AppModule,
      imports: [PassportModule.register({ session: false })],
      controllers: [NotesController],
      providers: [
        { provide: VERIFIER, useValue: patgate.verifier },
        { provide: ISSUER, useValue: patgate.issuer },
        PatStrategy,
        { provide: APP_FILTER, useClass: PatgateExceptionFilter },
      ],
    };
  }
}
