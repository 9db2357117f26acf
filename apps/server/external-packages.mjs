/**
 * The packages build.mjs leaves out of the server bundle, loaded from node_modules at run time; the release
 * ships exactly these. better-sqlite3 is native; pg and prom-client are loaded only when used; sirv reads
 * its files from disk either way.
 */
export const EXTERNAL_PACKAGES = ['better-sqlite3', 'pg', 'prom-client', 'sirv'];
