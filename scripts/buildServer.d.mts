export declare const ROOT: string;
/** The bundle `npm start` builds and runs. */
export declare const SERVER_MAIN: string;
/** Bundle a server entry (TypeScript) into one ESM file; npm packages stay external. */
export declare function bundleServer(opts: { entry: string; outfile: string }): Promise<string>;
/** Allocator environment for the server process (see scripts/start.mjs). */
export declare const MALLOC_ENV: Record<string, string>;
/** V8 flags for the server process (see scripts/buildServer.mjs). */
export declare const NODE_FLAGS: string[];
