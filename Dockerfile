FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY workers ./workers
COPY bin ./bin
RUN npm ci && npm prune --omit=dev
COPY migrations ./migrations
COPY config ./config
USER node
ENTRYPOINT ["node", "--max-semi-space-size=64", "--heap-growing-percent=100", "bin/launchwatch.js"]
