import { DEFAULT_ORG_ID } from '@tsunagu/shared';
import { SqliteAsyncStore, type AsyncStore } from '../store/asyncStore.js';
import { PgStore } from '../store/pgStore.js';
import { SqliteStore } from '../store/sqliteStore.js';
import { coordinatorUrl, createOrganisation, issueCoordinatorToken, ORG_ID_PATTERN } from '../orgs/coordinator.js';
import { writeCoordinatorLinkFile } from '../orgs/localLink.js';

/**
 * `npm run org -- <command>` — organisations and their coordinator links (issue 14).
 *
 *   npm run org -- list
 *   npm run org -- create "川越市社会福祉協議会"        → its id and a coordinator link (shown once)
 *   npm run org -- link <orgId> [--name 田中]          → revokes that organisation's coordinator
 *                                                        links and prints a new one (shown once)
 *
 * Store: DATABASE_URL (PostgreSQL), else the SQLite file under `--data DIR` (or DATA_DIR,
 * default ./data; the server may be running). Links start with PUBLIC_URL (or `--url`,
 * default http://localhost:8080). On SQLite, `link default` also rewrites the laptop's
 * coordinator-link.txt.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The positional arguments (without --flags and their values). */
function positionals(): string[] {
  const out: string[] = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i]!.startsWith('--')) i++;
    else out.push(argv[i]!);
  }
  return out;
}

const USAGE = 'usage: npm run org -- list | create "<name>" | link <orgId> [--name 名前]   (options: --data DIR, --url BASE)';

async function main(): Promise<number> {
  const [cmd, value] = positionals();
  const databaseUrl = process.env.DATABASE_URL ?? '';
  const dataDir = arg('--data') ?? process.env.DATA_DIR ?? './data';
  const base = (arg('--url') ?? process.env.PUBLIC_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
  if (!cmd || !['list', 'create', 'link'].includes(cmd)) {
    console.error(USAGE);
    return 2;
  }
  const store: AsyncStore = databaseUrl ? await PgStore.open(databaseUrl, { max: 2 }) : new SqliteAsyncStore(new SqliteStore(dataDir, { backgroundCheckpoint: false }));
  try {
    if (cmd === 'list') {
      const orgs = await store.listOrgs();
      console.log(['id', 'name', 'workshops', 'coordinator links'].join('\t'));
      for (const o of orgs) console.log([o.id, o.name, o.workshops, o.coordinators].join('\t'));
      return 0;
    }
    if (cmd === 'create') {
      if (!value?.trim()) {
        console.error('create needs the organisation’s name: npm run org -- create "川越市社会福祉協議会"');
        return 2;
      }
      const org = await createOrganisation(store, value, { coordinatorName: arg('--name') ?? '' });
      console.log(`organisation: ${org.id}  ${value.trim()}`);
      console.log(`coordinator link (shown once; keep it like a key): ${coordinatorUrl(base, org.id, org.token)}`);
      return 0;
    }
    // link
    if (!value || !ORG_ID_PATTERN.test(value) || !(await store.getOrg(value))) {
      console.error(`no organisation ${value ?? ''}; see npm run org -- list`);
      return 2;
    }
    const revoked = await store.revokeOrgTokens(value, Date.now());
    const token = await issueCoordinatorToken(store, value, arg('--name') ?? '');
    const url = coordinatorUrl(base, value, token);
    if (!databaseUrl && value === DEFAULT_ORG_ID) writeCoordinatorLinkFile(dataDir, url);
    console.log(`revoked ${revoked} coordinator link(s) of ${value}`);
    console.log(`new coordinator link (shown once): ${url}`);
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`org failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
