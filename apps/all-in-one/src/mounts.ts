/**
 * What the all-in-one server mounts, as data: each demo app's prefix, where its home page is,
 * and a line about it. The landing page and the tests read this table; src/site.ts builds the
 * apps themselves.
 */

/** One mounted demo app, as the landing page shows it. */
export interface MountInfo {
  /** The dispatcher prefix: a leading slash, no trailing one ("/flask"). */
  prefix: string;
  /** A short name for headings. */
  title: string;
  /** The workspace package the app comes from. */
  packageName: string;
  /** Where its home page is, under the prefix ("/flask/", "/django/polls/"). */
  home: string;
  /** Its health route, under the prefix. */
  health: string;
  /** One sentence on what it is. */
  description: string;
  /** More pages worth a look, under the prefix. */
  extraLinks: readonly { href: string; label: string }[];
}

/**
 * The mounts, in the order the landing page lists them.
 *
 * @example
 * MOUNTS.map((mount) => mount.prefix); // ["/hello", "/express", "/fastify", "/flask", "/django"]
 */
export const MOUNTS: readonly MountInfo[] = [
  {
    prefix: "/hello",
    title: "Hello",
    packageName: "@tsgi/hello",
    home: "/hello/",
    health: "/hello/health",
    description:
      "A raw TSGI app, no framework: PEP 3333's hello world, the environ, a stream, a form.",
    extraLinks: [
      { href: "/hello/form", label: "form" },
      { href: "/hello/environ", label: "environ" },
      { href: "/hello/stream", label: "stream" },
    ],
  },
  {
    prefix: "/express",
    title: "Express demo",
    packageName: "@tsgi/express-demo",
    home: "/express/",
    health: "/express/health",
    description:
      "A plain Express 5 app through fromExpress: JSON API, static files, multer uploads.",
    extraLinks: [
      { href: "/express/api/todos", label: "JSON API" },
      { href: "/express/visit", label: "cookie counter" },
    ],
  },
  {
    prefix: "/fastify",
    title: "Fastify demo",
    packageName: "@tsgi/fastify-demo",
    home: "/fastify/",
    health: "/fastify/health",
    description: "A plain Fastify 5 app through fromFastify: schema-checked JSON API, uploads.",
    extraLinks: [
      { href: "/fastify/api/todos", label: "JSON API" },
      { href: "/fastify/visit", label: "cookie counter" },
    ],
  },
  {
    prefix: "/flask",
    title: "Flask-style blog",
    packageName: "@tsgi/flask-blog",
    home: "/flask/",
    health: "/flask/health",
    description: "Flask's tutorial blog (flaskr) on @tsgi/flask: register, log in, write posts.",
    extraLinks: [
      { href: "/flask/auth/register", label: "register" },
      { href: "/flask/auth/login", label: "log in" },
    ],
  },
  {
    prefix: "/django",
    title: "Django-style polls",
    packageName: "@tsgi/django-polls",
    home: "/django/polls/",
    health: "/django/health",
    description: "Django's polls tutorial on @tsgi/django: questions, choices, votes, an ORM.",
    extraLinks: [{ href: "/django/polls/1/", label: "first question" }],
  },
];
