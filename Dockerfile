# newsalert: one image for every stage; the command picks the stage:
#   docker run IMAGE processor | alerts | poll | ingest --host 0.0.0.0 --port 8088 | api --host 0.0.0.0 --port 8080
# Configuration comes from NEWSALERT_* environment variables (README.md, "Configuration").
# See deploy/README.md for docker compose and Kubernetes.

FROM python:3.11-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
# The dependency pins live in pyproject.toml; every one of them ships a
# manylinux wheel for CPython 3.11 on x86_64, so no compiler is needed.
COPY pyproject.toml README.md ./
COPY newsalert ./newsalert
COPY producers ./producers
COPY processors ./processors
COPY alerts ./alerts
RUN python -m venv /opt/newsalert \
 && /opt/newsalert/bin/pip install --upgrade pip \
 && /opt/newsalert/bin/pip install ".[postgres]"


FROM python:3.11-slim

ARG UID=10001
ENV PATH=/opt/newsalert/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    NEWSALERT_HOME=/var/lib/newsalert

RUN groupadd --system --gid ${UID} newsalert \
 && useradd --system --uid ${UID} --gid newsalert --home-dir /var/lib/newsalert --shell /usr/sbin/nologin newsalert \
 && mkdir -p /var/lib/newsalert \
 && chown newsalert:newsalert /var/lib/newsalert

COPY --from=build /opt/newsalert /opt/newsalert

USER newsalert:newsalert
WORKDIR /var/lib/newsalert
# All local state: faust data, the feed poller's state, the console outbox,
# and the SQLite database when NEWSALERT_DATABASE_URL is not set.
VOLUME ["/var/lib/newsalert"]

# api (NEWSALERT_API_PORT) and ingest (--port) defaults.
EXPOSE 8080 8088

ENTRYPOINT ["newsalert"]
CMD ["--help"]
