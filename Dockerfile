# syntax=docker/dockerfile:1
# One image for every TrafficShare app; APP picks which one runs:
#   docker build -t trafficshare/app .
#   docker run -e APP=auth-svc -e NODE_ENV=production ... trafficshare/app
# docker-compose.yml and k8s/ run all seven apps from this image.

ARG NODE_IMAGE=node:22-bookworm-slim

# ---- build: install everything, compile into dist/, then drop the dev dependencies ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false NPM_CONFIG_UPDATE_NOTIFIER=false
COPY package.json package-lock.json ./
COPY tools/deploy/install-locked.sh tools/deploy/
# npm ci, with a checked fallback (see the script) that still installs exactly the lock's versions.
RUN --mount=type=cache,target=/root/.npm bash tools/deploy/install-locked.sh
COPY . .
RUN npm run build \
 && npm prune --omit=dev \
 && rm -rf dist/.tsbuildinfo

# ---- runtime: production dependencies, the compiled code and the .proto files it loads ----
FROM ${NODE_IMAGE} AS runtime
ARG APP=gateway
ARG APP_VERSION=""
# The young generation size npm start gives the apps too (tools/start/processes.ts).
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=64 \
    APP=${APP} \
    APP_VERSION=${APP_VERSION}
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/proto ./proto
# The image's "node" user (uid 1000); nothing in /app is writable by it.
USER node
# exec: node becomes PID 1's replacement and gets SIGTERM directly (the apps stop gracefully).
CMD ["/bin/sh", "-c", "test -f \"dist/apps/$APP/src/main.js\" || { echo \"APP=$APP is not an app of this image; see dist/apps/\" >&2; exit 64; }; exec node \"dist/apps/$APP/src/main.js\""]
