import type { Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';
import { register as workshops } from './workshops.js';
import { register as exportRoutes } from './exports.js';
import { register as importRoutes } from './import.js';
import { register as backupRoutes } from './backup.js';
import { register as printRoutes } from './print.js';
import { register as tileRoutes } from './tiles.js';
import { register as historyRoutes } from '../../history/historyRoutes.js';

/** Every route module. Add one line per module. */
export const ROUTE_MODULES: ((router: Router, deps: RouteDeps) => void)[] = [workshops, exportRoutes, importRoutes, backupRoutes, printRoutes, historyRoutes, tileRoutes];
