// The web app's build: `npm run build:web` writes web/dist, which the API server serves at /.
// `npm run dev:web` serves it with hot reload on :5173 and forwards /api to the server on :3000.
// After the build, the public pages are pre-rendered and every text file compressed
// (build/afterBuild.ts); the manifest (dist/.vite/manifest.json) tells it which chunk is which.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { prerenderAndCompress } from './build/afterBuild.js';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), prerenderAndCompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    manifest: true,
    // The pre-rendering and compression take a few seconds after the bundle, on purpose: no warning.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
