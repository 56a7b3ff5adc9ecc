/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

/**
 * The service worker precaches the app shell, whose file names carry content hashes that are known only after
 * bundling. This plugin writes that list (and a cache version derived from it) into the built sw.js, so the worker
 * needs no build-time tooling of its own and no runtime manifest fetch.
 */
function shellManifest(): Plugin {
  return {
    name: 'parley-shell-manifest',
    apply: 'build',
    generateBundle(_options, bundle) {
      const sw = bundle['sw.js'];
      if (!sw || sw.type !== 'chunk') {
        this.error('sw.js missing from the bundle');
      }
      // Vite copies public/ (manifest, icons) beside the bundle without listing it in `bundle`.
      const publicFiles = readdirSync('public');
      const bundled = Object.keys(bundle).filter((name) => name !== 'sw.js' && !name.endsWith('.map'));
      const shell = ['./', ...[...bundled, ...publicFiles].sort()]
        .map((name) => (name === 'index.html' ? './' : name))
        .filter((name, index, all) => all.indexOf(name) === index);
      const version = createHash('sha256').update(shell.join('\n')).update(Object.values(bundle)
        .map((file) => (file.type === 'chunk' ? file.code : String(file.source))).join('\n')).digest('hex').slice(0, 16);
      const placeholder = /(["'`])__PARLEY_SHELL__\1/;
      if (!placeholder.test(sw.code)) {
        this.error('sw.js lost its __PARLEY_SHELL__ placeholder');
      }
      sw.code = sw.code.replace(placeholder, JSON.stringify(JSON.stringify({ version, shell })));
    },
  };
}

export default defineConfig({
  base: './',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  plugins: [shellManifest()],
  build: {
    // Maven packs target/classes into parley-web.jar; the server serves the classpath folder web/ at /.
    outDir: 'target/classes/web',
    emptyOutDir: true,
    target: 'es2022',
    // The CSP forbids inline scripts and styles; keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { main: 'index.html', sw: 'src/sw/sw.ts' },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
