# Image of both Deckhand processes: the Slack bot (`npm start`, the default command) and the
# Temporal worker (`npm run start:worker`). The agent image that sandboxes run is a separate
# build from images/agent/Dockerfile.
#
# package.json engines require Node.js >= 20.19; the patch release is pinned so rebuilds match.
ARG NODE_IMAGE=node:20.19.4-bookworm-slim

##### Build stage: full install, workflow bundle, then production dependencies plus tsx #####
FROM ${NODE_IMAGE} AS build
WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY scripts ./scripts
RUN npm run build:workflows

# `npm start` and `npm run start:worker` run TypeScript through tsx, a dev dependency, while
# the other dev dependencies (jest, typescript, the Claude Code binary and the GitHub OpenAPI
# description) add about 800 MB. The prune keeps production dependencies only, so tsx and
# esbuild, its only dependency on Linux, are set aside and put back with tsx's bin link.
RUN mkdir /tmp/tsx \
  && cp -a node_modules/tsx node_modules/esbuild node_modules/@esbuild /tmp/tsx/ \
  && npm prune --omit=dev --no-audit --no-fund \
  && cp -a /tmp/tsx/. node_modules/ \
  && ln -sf ../tsx/dist/cli.mjs node_modules/.bin/tsx \
  && node_modules/.bin/tsx --version \
  && npm cache clean --force

##### Runtime stage #####
FROM ${NODE_IMAGE}

# git: the worker clones, commits and pushes on its own file system, outside the sandboxes.
# ca-certificates: HTTPS clones and pushes.
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ca-certificates \
  && rm -rf /var/lib/apt/lists/* /usr/share/man /usr/share/info \
  && find /usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete

WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY tsconfig.json ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities

# The bot needs no privileges. The worker must run as root because it changes the owner of
# every clone to the sandbox user (uid 1000) and talks to the Docker socket, so
# docker-compose.yml starts it with `user: root`.
USER node
EXPOSE 3000
CMD ["npm", "start"]
