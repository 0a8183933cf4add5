# syntax=docker/dockerfile:1
# newsroom worker image: `docker build -t newsroom .`, then `docker run newsroom` (worker)
# or `docker run newsroom topics create`.
#
# The base is pinned by version tag here for readability; production builds pin it by digest
# too (python:3.11.14-slim-bookworm@sha256:...) so a rebuilt tag can never change the image.

# --- builder: resolve and install the package and its wheels into a self-contained venv ---
FROM python:3.11.14-slim-bookworm AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
# README.md is the package's long description (pyproject `readme`), so the build needs it.
COPY pyproject.toml README.md ./
COPY services ./services
# A regular (non-editable) install: the runtime stage copies /opt/venv and nothing else.
# Byte-compile once here, since the runtime root filesystem may be read-only.
RUN pip install --no-cache-dir . \
    && python -m compileall -q /opt/venv/lib

# --- runtime: the same base, the venv, a non-root user, no build tools ---
FROM python:3.11.14-slim-bookworm AS runtime

LABEL org.opencontainers.image.title="newsroom" \
      org.opencontainers.image.description="Event-driven ingestion of news articles (Kafka, faust-streaming)" \
      org.opencontainers.image.licenses="Apache-2.0"

# A fixed uid/gid so Kubernetes' runAsUser and volume ownership can name it.
RUN groupadd --system --gid 10001 newsroom \
    && useradd --system --uid 10001 --gid newsroom --home-dir /var/lib/newsroom \
       --no-create-home --shell /usr/sbin/nologin newsroom \
    && mkdir -p /var/lib/newsroom \
    && chown newsroom:newsroom /var/lib/newsroom

COPY --from=builder /opt/venv /opt/venv

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/var/lib/newsroom \
    NEWSROOM_DATA_DIR=/var/lib/newsroom \
    NEWSROOM_LOG_FORMAT=json \
    NEWSROOM_WEB_PORT=6066

USER 10001:10001
WORKDIR /var/lib/newsroom

# Liveness, readiness and Prometheus /metrics.
EXPOSE 6066

# slim has no curl: the standard library probes liveness (urlopen raises on a 503).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('NEWSROOM_WEB_PORT', '6066') + '/health/live', timeout=3)"]

ENTRYPOINT ["newsroom"]
CMD ["worker"]
