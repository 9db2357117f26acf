import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Text the server sends; source maps are fetched by developer tools only, and images are compressed already. */
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;

/** Writes `file.br` and `file.gz` beside `file`, replacing any from before. */
export function precompressFile(file: string): void {
  const bytes = readFileSync(file);
  writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
}

/**
 * Writes `x.br` and `x.gz` beside every text file of the build, at the highest levels: compressed once
 * here, the server (sirv) sends them as they are, so a Raspberry Pi never compresses on a request.
 */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'adopt:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const name of readdirSync(outDir, { recursive: true, encoding: 'utf8' })) {
        if (COMPRESSIBLE.test(name)) precompressFile(path.join(outDir, name));
      }
    },
  };
}
