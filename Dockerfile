# BZPEER web image: gunicorn serving the app; migrations run as a separate step (compose.yaml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 1000 bzpeer
WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml ./
# Every app package (pyproject's [tool.setuptools.packages.find]), only its __init__.py.
COPY bzpeer/__init__.py bzpeer/
COPY accounts/__init__.py accounts/
COPY profiles/__init__.py profiles/
COPY works/__init__.py works/
COPY graph/__init__.py graph/
COPY claims/__init__.py claims/
COPY follows/__init__.py follows/
COPY conversations/__init__.py conversations/
COPY ingest/__init__.py ingest/
COPY pages/__init__.py pages/
RUN pip install .

COPY . .
RUN pip install --no-deps . \
    # Dummy values for this RUN only: settings need them, collectstatic never connects.
    && SECRET_KEY=collectstatic-only DATABASE_URL=postgres://unused@localhost/unused \
       python manage.py collectstatic --noinput \
    && chown -R bzpeer:bzpeer /app

USER bzpeer
EXPOSE 8000
# A TCP check: an HTTP one would need a Host header that is in ALLOWED_HOSTS.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import socket; socket.create_connection(('127.0.0.1', 8000), 4).close()"
# Workers: WEB_CONCURRENCY, else 2 x cores + 1 (as `make run`); exec so gunicorn gets SIGTERM.
CMD ["sh", "-c", "exec gunicorn bzpeer.wsgi --bind 0.0.0.0:8000 --workers \"${WEB_CONCURRENCY:-$((2 * $(nproc) + 1))}\" --access-logfile -"]
