// What a team would write instead of patgate: the few lines of each common approach, as their docs show them.
import { createHash, createHmac, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import express, { type RequestHandler } from 'express';
import { auth } from 'express-oauth2-jwt-bearer';
import passport from 'passport';
import { Strategy as HttpBearerStrategy } from 'passport-http-bearer';
import { DataTypes, Sequelize } from 'sequelize';
import { ok, randomToken, TOKEN_COUNT, type Built } from './common.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const HOUR = 3_600_000;

/** A route with nothing in front of it: the yardstick every ratio is taken against. */
export function bare(): Built {
  const app = express();
  app.get('/r', ok);
  return { app, tokens: {} };
}

interface Row {
  user: { id: string };
  scopes: string[];
  expiresAt: number;
}

/** A `Map` from a digest of the token (SHA-256 unless given) to its row, holding TOKEN_COUNT tokens. */
function digestMap(digest: (token: string) => string = sha256): { rows: Map<string, Row>; valid: string } {
  const rows = new Map<string, Row>();
  let valid = '';
  for (let i = 0; i < TOKEN_COUNT; i++) {
    valid = randomToken();
    rows.set(digest(valid), { user: { id: `u${i}` }, scopes: ['read'], expiresAt: Date.now() + HOUR });
  }
  return { rows, valid };
}

/** The hand-written middleware: a digest of the bearer token (SHA-256), a `Map` lookup, an expiry check. */
export function handWritten(digest: (token: string) => string = sha256): Built {
  const { rows, valid } = digestMap(digest);
  const check: RequestHandler = (req, res, next) => {
    const header = req.headers.authorization;
    const row = header?.startsWith('Bearer ') ? rows.get(digest(header.slice(7))) : undefined;
    if (!row || row.expiresAt <= Date.now()) {
      res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').json({ error: 'invalid_token' });
      return;
    }
    req.user = row.user as Express.User;
    next();
  };
  const app = express();
  app.get('/r', check, ok);
  return { app, tokens: { valid } };
}

/**
 * The same few lines with the digest keyed, as patgate's guarantee has it (a stolen table of digests is no
 * use without the key): HMAC-SHA-256 under a server secret, written the way Node's docs show it.
 */
export function handWrittenHmac(): Built {
  const key = randomToken();
  return handWritten((token) => createHmac('sha256', key).update(token).digest('hex'));
}

/** passport-http-bearer's README, over the same `Map` check. */
export function passportHttpBearer(): Built {
  const { rows, valid } = digestMap();
  passport.use(
    new HttpBearerStrategy((token, done) => {
      const row = rows.get(sha256(token));
      if (!row || row.expiresAt <= Date.now()) return done(null, false);
      done(null, row.user, { scope: row.scopes });
    }),
  );
  const app = express();
  app.use(passport.initialize());
  app.get('/r', passport.authenticate('bearer', { session: false }), ok);
  return { app, tokens: { valid } };
}

/** express-oauth2-jwt-bearer checking an RS256 JWT against a fixed public key (no JWKS fetch per request). */
export function jwtRs256(): Built {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'bench', alg: 'RS256', use: 'sig' };
  const issuer = 'https://issuer.bench.example/';
  const audience = 'https://api.bench.example';
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${part({ alg: 'RS256', typ: 'JWT', kid: 'bench' })}.${part({ iss: issuer, aud: audience, sub: 'u1', iat: now, exp: now + 3600, scope: 'read' })}`;
  const valid = `${body}.${sign('sha256', Buffer.from(body), createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }))).toString('base64url')}`;
  const app = express();
  app.get('/r', auth({ issuer, audience, publicKey: jwk as never, tokenSigningAlg: 'RS256' }), ok);
  return { app, tokens: { valid } };
}

/** Speckle's scheme: look the token up by its id part, then bcrypt-compare the secret part (cost 10). */
export async function bcryptPerRequest(): Promise<Built> {
  const id = randomToken(8);
  const secret = randomToken(24);
  const rows = new Map([[id, { user: { id: 'u1' }, hash: await bcrypt.hash(secret, 10) }]]);
  const check: RequestHandler = (req, res, next) => {
    const token = req.headers.authorization?.slice('Bearer '.length) ?? '';
    const row = rows.get(token.slice(0, id.length));
    if (!row) return void res.status(401).json({ error: 'invalid_token' });
    bcrypt.compare(token.slice(id.length), row.hash).then((match) => {
      if (!match) return void res.status(401).json({ error: 'invalid_token' });
      req.user = row.user as Express.User;
      next();
    }, next);
  };
  const app = express();
  app.get('/r', check, ok);
  return { app, tokens: { valid: id + secret } };
}

/** One Sequelize `findByPk` per request on a SQLite file of 10,000 token digests. */
export async function sqlitePerRequest(): Promise<Built> {
  const sequelize = new Sequelize({ dialect: 'sqlite', storage: join(mkdtempSync(join(tmpdir(), 'patgate-bench-')), 'tokens.sqlite'), logging: false });
  const Token = sequelize.define('Token', {
    digest: { type: DataTypes.STRING(64), primaryKey: true },
    userId: DataTypes.STRING,
    expiresAt: DataTypes.DATE,
  });
  await sequelize.sync();
  const rows = Array.from({ length: 10_000 }, (_, i) => ({ token: randomToken(), userId: `u${i}` }));
  await Token.bulkCreate(rows.map(({ token, userId }) => ({ digest: sha256(token), userId, expiresAt: new Date(Date.now() + HOUR) })));
  const check: RequestHandler = async (req, res, next) => {
    const header = req.headers.authorization;
    const row = header?.startsWith('Bearer ') ? await Token.findByPk(sha256(header.slice(7))) : null;
    if (!row || (row.get('expiresAt') as Date).getTime() <= Date.now()) return void res.status(401).json({ error: 'invalid_token' });
    req.user = { id: row.get('userId') as string } as Express.User;
    next();
  };
  const app = express();
  app.get('/r', check, ok);
  return { app, tokens: { valid: rows.at(-1)!.token } };
}
