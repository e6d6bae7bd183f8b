# The portal's image: gunicorn by default; docker-compose.yml runs the same image as the Celery
# worker, Celery beat and the one-shot migrate service.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint loads Pango, HarfBuzz (and its subsetter) and fontconfig at run time and needs at
# least one font; gettext's msgfmt compiles the translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libfontconfig1 \
        libffi8 \
        fonts-dejavu-core \
        gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The lock pins every dependency with its hashes, so --no-deps installs exactly what it lists.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY . .

# Build-time only: settings refuse DEBUG=False without keys, and DEBUG=False makes collectstatic
# write WhiteNoise's compressed, hashed files and their manifest.
ARG BUILD_KEYS="SECRET_KEY=build-only-not-secret BILLING_CREDENTIALS_KEYS=YnVpbGQtb25seS1ub3Qtc2VjcmV0LWZlcm5ldC1rZXk="
RUN env $BUILD_KEYS DEBUG=False python manage.py compilemessages -v0 \
    && env $BUILD_KEYS DEBUG=False python manage.py collectstatic --noinput -v0

# An unprivileged user; the code stays root-owned and read-only. /data/media is created owned by
# the user so that a new named volume mounted there starts out writable.
RUN useradd --system --create-home --uid 1000 --user-group portal \
    && mkdir -p /data/media \
    && chown -R portal:portal /data
USER portal

ENV MEDIA_ROOT=/data/media

EXPOSE 8000

CMD ["gunicorn", "portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
