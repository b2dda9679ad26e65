import type { Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';
import { register as workshops } from './workshops.js';
import { register as exportRoutes } from './exports.js';
import { register as importRoutes } from './import.js';
import { register as backupRoutes } from './backup.js';
import { register as printRoutes } from './print.js';
import { register as tileRoutes } from './tiles.js';
import { register as historyRoutes } from '../../history/historyRoutes.js';
import { register as continueRoutes } from './continue.js';
import { register as offerRoutes } from './offers.js';
import { register as voteRoutes } from './votes.js';
import { register as accessRoutes } from './access.js';
import { register as privacyRoutes } from './privacy.js';
import { register as orgRoutes } from './orgs.js';
import { register as cityRoutes } from './city.js';
import { register as liftRoutes } from './lift.js';
import { register as orgEditRoutes } from './orgEdit.js';

/** Every route module. Add one line per module. */
export const ROUTE_MODULES: ((router: Router, deps: RouteDeps) => void)[] = [workshops, exportRoutes, importRoutes, backupRoutes, printRoutes, historyRoutes, accessRoutes, continueRoutes, offerRoutes, voteRoutes, tileRoutes, privacyRoutes, orgRoutes, cityRoutes, liftRoutes, orgEditRoutes];
