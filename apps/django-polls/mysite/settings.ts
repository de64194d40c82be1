/**
 * The project's settings (Django's mysite/settings.py, as `startproject` writes it, plus the
 * polls app). Every scalar setting can be overridden from the environment
 * (`DJANGO_DEBUG=false`, `DJANGO_SECRET_KEY=…`, `DJANGO_ALLOWED_HOSTS=…`), and `DATABASE_URL`
 * replaces the database (`sqlite:////tmp/polls.db`), as @tsgi/django/conf documents.
 */
import { fileURLToPath } from "node:url";
import { defineSettings } from "@tsgi/django/conf";
import { adminApp } from "@tsgi/django/contrib/admin";
import { authApp } from "@tsgi/django/contrib/auth";
import { STARTPROJECT_MIDDLEWARE } from "@tsgi/django/middleware";
import { pollsApp } from "../polls/apps.ts";
import * as urls from "./urls.ts";

/** The project folder (Django's BASE_DIR): the database lives here. */
export const BASE_DIR = fileURLToPath(new URL("..", import.meta.url));

export const settings = defineSettings({
  // SECURITY WARNING: keep the secret key used in production secret (DJANGO_SECRET_KEY)!
  SECRET_KEY: "django-insecure-polls-tutorial-development-key-change-me",
  // SECURITY WARNING: don't run with debug turned on in production (DJANGO_DEBUG=false)!
  DEBUG: true,
  ALLOWED_HOSTS: [],
  INSTALLED_APPS: [
    pollsApp,
    adminApp,
    authApp,
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
  ],
  MIDDLEWARE: [...STARTPROJECT_MIDDLEWARE],
  ROOT_URLCONF: urls,
  TEMPLATES: [
    {
      BACKEND: "django.template.backends.django.DjangoTemplates",
      DIRS: [],
      APP_DIRS: true,
      OPTIONS: {
        context_processors: [
          "django.template.context_processors.request",
          "django.contrib.auth.context_processors.auth",
          "django.contrib.messages.context_processors.messages",
        ],
      },
    },
  ],
  DATABASES: {
    default: { ENGINE: "sqlite", NAME: `${BASE_DIR}db.sqlite3` },
  },
  TIME_ZONE: "UTC",
  USE_TZ: true,
  STATIC_URL: "static/",
});
