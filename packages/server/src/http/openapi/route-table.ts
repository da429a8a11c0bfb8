/**
 * The routes an Express app really has, read from its router stack, so that a test can hold the OpenAPI
 * description to them. Reads Express 5's router (`router` 2.x): a layer's `rawPath` is where it is mounted,
 * `route` holds the methods of a route, and a mounted router has a `stack` of its own.
 */
import type { Express } from 'express';

/** One route as `METHOD /path` parts, the path in Express syntax (`/api/streams/:id`). */
export interface RouteEntry {
  method: string;
  path: string;
}

interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** The paths that make up the REST API: everything under `/api`, and the RFC 7009 endpoint under `/oauth`. */
export const REST_PREFIXES: readonly string[] = ['/api/', '/oauth/'];

/** A mount prefix (`''` for the root, never `'/'`) and a path below it. */
function join(prefix: string, path: string): string {
  if (path === '/' || path === '') return prefix;
  return `${prefix}${path}`;
}

function walk(stack: readonly Layer[], prefix: string, out: RouteEntry[]): void {
  for (const layer of stack) {
    const raw = Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath];
    if (layer.route) {
      const routePaths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const path of routePaths) {
        if (typeof path !== 'string') throw new TypeError(`route-table: a route path that is not a string (${String(path)}) cannot be described`);
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on) out.push({ method: method === '_all' ? 'all' : method, path: join(prefix, path) || '/' });
        }
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      for (const mount of raw) {
        if (mount !== undefined && typeof mount !== 'string') throw new TypeError(`route-table: a router mounted on ${String(mount)} cannot be described`);
        walk(layer.handle.stack, join(prefix, mount ?? '/'), out);
      }
    }
  }
}

/**
 * Every route of `app` whose path is under one of `prefixes`, sorted, without duplicates.
 *
 * @example
 * listRoutes(app).map((r) => `${r.method.toUpperCase()} ${r.path}`); // ['GET /api/openapi.json', …]
 */
export function listRoutes(app: Express, prefixes: readonly string[] = REST_PREFIXES): RouteEntry[] {
  const out: RouteEntry[] = [];
  walk((app.router as unknown as { stack: Layer[] }).stack, '', out);
  const seen = new Set<string>();
  return out
    .filter((route) => prefixes.some((prefix) => route.path.startsWith(prefix)))
    .filter((route) => !seen.has(`${route.method} ${route.path}`) && seen.add(`${route.method} ${route.path}`))
    .sort((a, b) => (a.path === b.path ? a.method.localeCompare(b.method) : a.path.localeCompare(b.path)));
}
