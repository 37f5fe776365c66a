// Vite configuration for the browser view (viz/): a static site with relative paths, so the built
// dist/ works from any web server or folder; the engine runs in a module Web Worker.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'viz',
  base: './',
  // Presets live in ../scenarios and the engine in ../sim: allow the dev server to read them.
  server: { host: '127.0.0.1', port: 5173, fs: { allow: ['..'] } },
  preview: { host: '127.0.0.1', port: 4173 },
  worker: { format: 'es' },
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1500 },
});
