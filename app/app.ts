// createApp builds the Express application from its collaborators and never listens: server.ts
// does that, and tests drive the app in-process with supertest.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import helmet from 'helmet';
import type { Sequelize } from 'sequelize';
import type { Config } from './config.js';
import { countStatementsPerRequest } from './db/statement-count.js';
import { configurePasswordPool } from './lib/passwords.js';
import { Storage } from './lib/storage.js';
import type { ServiceContext } from './services/context.js';
import { admission } from './web/middleware/admission.js';
import { loadCurrentUser, requirePasswordChanged } from './web/middleware/auth.js';
import { csrfProtection, exposeCsrfToken } from './web/middleware/csrf.js';
import { errorHandler, notFoundHandler } from './web/middleware/errors.js';
import { exposeFlash } from './web/middleware/flash.js';
import { saveBeforeRedirect, sessionMiddleware } from './web/middleware/session.js';
import { format } from './web/presenters/format.js';
import { isSignIn, refuseSignIn, shedSignInsWhenBusy, SIGN_IN_GUESS_MS } from './web/routes/auth.js';
import { routes } from './web/routes/index.js';
import './web/types.js';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type AppDeps = { config: Config; sequelize: Sequelize; now?: () => Date; log?: (message: string) => void };

function trustProxySetting(value: string | false): string | number | boolean {
  if (value === false) return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

function securityHeaders(config: Config) {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:'], // blob: lets the browser shrink a photo before upload
        'form-action': ["'self'"],
        // Over plain HTTP on a campus LAN, upgrading would break every request for CSS and JS.
        'upgrade-insecure-requests': config.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: config.secureCookies,
    // Our own pages still name the page a post came from (a stale upload goes back there, see
    // middleware/csrf.ts); other sites get no Referer at all, as with helmet's no-referrer.
    referrerPolicy: { policy: 'same-origin' },
  });
}

function serviceContext(deps: AppDeps): ServiceContext {
  const { config, sequelize } = deps;
  return { sequelize, config, storage: new Storage(config.storageRoot), now: deps.now ?? (() => new Date()) };
}

function startPasswordPool(config: Config) {
  configurePasswordPool({
    threads: config.passwordWorkers,
    queue: config.passwordQueue,
    cost: { memoryKiB: config.passwordMemoryKiB, timeCost: config.passwordTimeCost },
  });
}

function configureExpress(app: express.Express, config: Config) {
  app.set('trust proxy', trustProxySetting(config.trustProxy));
  app.set('view engine', 'ejs');
  app.set('views', path.join(projectRoot, 'views'));
  app.disable('x-powered-by');
  app.locals.format = format;
}

/** Admission for every request, with a lane of its own for sign-ins. */
function admissionGate(config: Config) {
  const signIns = {
    matches: isSignIn,
    inFlight: config.signInsInFlight,
    queueMs: config.signInQueueMs,
    firstGuessMs: SIGN_IN_GUESS_MS,
    refuse: refuseSignIn,
  };
  return admission({ inFlight: config.requestsInFlight, queueMs: config.requestQueueMs, lanes: [signIns] });
}

export function createApp(deps: AppDeps) {
  const { config, sequelize } = deps;
  const log = deps.log ?? ((message: string) => console.error(message));
  const ctx = serviceContext(deps);
  const session = sessionMiddleware(config, sequelize);
  startPasswordPool(config);

  const app = express();
  configureExpress(app, config);

  app.use((req, res, next) => {
    // Defaults every view can rely on, even when a request fails before the middleware that fills them.
    Object.assign(res.locals, { currentUser: null, csrfToken: '', flash: {}, form: {} });
    next();
  });
  if (config.countSql) app.use(countStatementsPerRequest);
  app.use(securityHeaders(config));
  app.use(
    '/static',
    express.static(path.join(projectRoot, 'public'), { maxAge: config.env === 'production' ? '1d' : 0 }),
  );
  const admitted = admissionGate(config);
  app.use(admitted);
  // Browsers ask for /favicon.ico on their own, in parallel with the page. Answered before the
  // session middleware, so that request can never re-send (roll) a cookie that sign-in just replaced.
  app.get('/favicon.ico', (req, res) => res.redirect(301, '/static/favicon.svg'));
  app.use(express.urlencoded({ extended: false, limit: '512kb', parameterLimit: 1000 }));
  app.use(shedSignInsWhenBusy);
  app.use(session.middleware);
  app.use(saveBeforeRedirect);
  app.use(csrfProtection);
  app.use(exposeCsrfToken);
  app.use(loadCurrentUser(config));
  app.use(requirePasswordChanged);
  app.use(exposeFlash);
  app.use(routes(ctx));
  app.use(notFoundHandler);
  app.use(errorHandler(log));

  return { app, ctx, stop: session.stop, admission: { gate: admitted.gate, lanes: admitted.lanes } };
}
