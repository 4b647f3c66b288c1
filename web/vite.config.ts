// The web app's build: `npm run build:web` writes web/dist, which the API server serves at /.
// `npm run dev:web` serves it with hot reload on :5173 and forwards /api to the server on :3000.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
