/** @type {import('next').NextConfig} */
const nextConfig = {
  // The embedded database, node-postgres and Socket.IO live in the custom server process (server/index.ts);
  // Next must never bundle them.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-postgis', 'pg', 'socket.io', '@node-rs/argon2'],
  poweredByHeader: false,
  reactStrictMode: true,
  // No telemetry, no remote images: the product runs inside a closed government network.
  images: { unoptimized: true },
};
export default nextConfig;
