import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the API to a node on localhost:8080 (override with MEDSOC_URL).
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: {
      '/api': process.env.MEDSOC_URL ?? 'http://127.0.0.1:8080',
      '/health': process.env.MEDSOC_URL ?? 'http://127.0.0.1:8080',
    },
  },
});
