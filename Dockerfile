# proofgate GitHub App: `docker build -t proofgate .` then
#   docker run -p 3000:3000 -e APP_ID=… -e PRIVATE_KEY="$(cat key.pem)" -e WEBHOOK_SECRET=… proofgate
# Stage 1 compiles TypeScript with the dev dependencies; stage 2 installs only the
# runtime dependencies; the final image holds those and the compiled JavaScript, and
# runs as the unprivileged `node` user.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src src
COPY scripts scripts
COPY bench bench
RUN npm run build

# The package lists probot as an optional peer (the CLI does not need it); the App does.
FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm pkg set "dependencies.probot=$(npm pkg get peerDependencies.probot | tr -d '"')" \
 && npm pkg delete devDependencies.probot \
 && npm install --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production PORT=3000 LOG_FORMAT=json
WORKDIR /app
COPY --from=runtime-deps --chown=root:root /app/node_modules node_modules
COPY --from=build --chown=root:root /src/build/src build/src
COPY --chown=root:root package.json app.yml ./
COPY --chown=root:root schema schema
USER node
EXPOSE 3000
# Probot answers GET /ping with "PONG"; fetch is built into Node.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/ping`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-old-space-size=1536", "--max-semi-space-size=4", "build/src/app/server.js"]
