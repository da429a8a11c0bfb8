/**
 * The app's REST routes read from Express's own router stack (not from a list kept by hand), so a test that
 * walks them covers a route added tomorrow.
 */
import type { Express } from 'express';

/** One route as the router holds it: method in upper case and the full path, e.g. `GET /api/streams/:id`. */
export interface RouteEntry {
  method: string;
  path: string;
}

interface StackLayer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: StackLayer[] };
}

function join(prefix: string, path: unknown): string {
  const part = typeof path === 'string' && path !== '/' ? path : '';
  return `${prefix}${part}`;
}

function walk(stack: readonly StackLayer[], prefix: string, into: RouteEntry[]): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') into.push({ method: method.toUpperCase(), path: join(prefix, layer.route.path) });
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      walk(layer.handle.stack, join(prefix, layer.rawPath), into);
    }
  }
}

/**
 * Every route of an Express 5 app, in registration order.
 *
 * @example
 * routeTable(app).filter((r) => r.path.startsWith('/api/streams/:id'));
 */
export function routeTable(app: Express): RouteEntry[] {
  const routes: RouteEntry[] = [];
  walk((app as unknown as { router: { stack: StackLayer[] } }).router.stack, '', routes);
  return routes;
}
