import type { Route } from './context';
import { mergeRoutes } from './merge-route';
import { pullRoutes } from './pulls-routes';
import { repositoryRoutes } from './repository-routes';

/** A route whose template matched a request path, with the decoded path parameters. */
export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

/**
 * Turns an OpenAPI path template into a pattern. Parameters match one path segment, except
 * `branch`, which may span segments because branch names such as `deckhand/fix` contain `/`
 * and some clients send them unencoded.
 */
function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{(.+)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(name);
      return name === 'branch' ? '(.+)' : '([^/]+)';
    })
    .join('');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

const compiledRoutes = [...repositoryRoutes, ...pullRoutes, ...mergeRoutes].map(compile);

/** Every route that the stand-in serves. */
export const routes: readonly Route[] = compiledRoutes.map((compiled) => compiled.route);

/**
 * Finds the route for `method` and `pathname`, or returns undefined. GitHub returns 404 both for
 * unknown paths and for known paths with an unsupported method.
 */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  for (const { route, pattern, names } of compiledRoutes) {
    if (route.method !== method) continue;
    const match = pattern.exec(pathname);
    if (!match) continue;
    const params: Record<string, string> = {};
    try {
      names.forEach((name, index) => {
        params[name] = decodeURIComponent(match[index + 1] ?? '');
      });
    } catch {
      // A malformed percent escape cannot name a repository or branch.
      return undefined;
    }
    return { route, params };
  }
  return undefined;
}
