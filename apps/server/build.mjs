// Bundles the server into dist/ so production runs plain Node; native drivers stay external.
import path from 'node:path';
import { build } from 'esbuild';
import { EXTERNAL_PACKAGES } from './external-packages.mjs';

// `z` is zod's whole namespace, so esbuild keeps all ~40 of its locales (2.7 MB of idle RSS, measured with
// `pnpm bench --footprint`); the server speaks English only, which zod registers by itself.
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: path.dirname(args.path),
    }));
  },
};

await build({
  entryPoints: ['src/main.ts', 'src/admin.ts'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  minifyWhitespace: true,
  minifySyntax: true,
  // Short names: 3.8 MB less idle RSS (V8 keeps every identifier); dist/*.js.map maps stack traces back.
  minifyIdentifiers: true,
  legalComments: 'none',
  // pg-native is pg's optional native binding, which the server never asks for.
  external: [...EXTERNAL_PACKAGES, 'pg-native'],
  banner: {
    js: "import { createRequire as bannerRequire } from 'node:module'; const require = bannerRequire(import.meta.url);",
  },
  plugins: [englishOnlyZod],
  logLevel: 'warning',
});
