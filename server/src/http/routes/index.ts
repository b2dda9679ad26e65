import type { Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';
import { register as workshops } from './workshops.js';

/** Every route module. Add one line per module. */
export const ROUTE_MODULES: ((router: Router, deps: RouteDeps) => void)[] = [workshops];
