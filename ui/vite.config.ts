import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Tauri loads ../ui/dist from src-tauri/ with a strict CSP: relative paths, no inline scripts.
export default defineConfig(({ mode }) => ({
  base: "./",
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Keep everything as files: the CSP forbids data: scripts.
    assetsInlineLimit: 0,
  },
  // Component tests mount Svelte's client build.
  resolve: mode === "test" ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "node",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.ts"],
  },
}));
