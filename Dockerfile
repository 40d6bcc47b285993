# One image for web, worker and beat; docker-compose.yml chooses the process.

# Front-end assets: GOV.UK Frontend's CSS built with Sass, its script, Plotly's cartesian bundle.
FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
COPY static/scss static/scss
RUN npm ci --ignore-scripts && npx sass --pkg-importer=node --style=compressed --no-source-map \
        static/scss/app.scss static_build/app/app.min.css \
    && mkdir -p static_build/govuk \
    && cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js* static_build/govuk/

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir --upgrade pip && pip install --no-cache-dir .
COPY . .
COPY --from=assets /app/static_build static_build
COPY --from=assets /app/node_modules/govuk-frontend/dist/govuk/assets node_modules/govuk-frontend/dist/govuk/assets
COPY --from=assets /app/node_modules/plotly.js-cartesian-dist-min node_modules/plotly.js-cartesian-dist-min
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input -v0
RUN useradd --create-home app && mkdir -p /app/media && chown app /app/media
USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--no-control-socket"]
