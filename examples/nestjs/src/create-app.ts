import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { createPatgate, type AppUser } from './patgate.js';

/**
 * Builds the Nest app around a fresh patgate; `listen` is the caller's.
 *
 * @example
 * const { app, issuer } = await createNestApp({ pepper, users });
 * await app.listen(3000);
 */
export async function createNestApp(options: { pepper: string; users: ReadonlyMap<string, AppUser> }) {
  const patgate = createPatgate(options);
  const app = await NestFactory.create(AppModule.register(patgate), { logger: ['error', 'warn'] });
  return { app, ...patgate };
}
