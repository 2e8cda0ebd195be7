"""foia-tracker: track public-records requests, their statutory deadlines and their evidence."""

import os

from flask import Flask

from . import config as config_module


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the application."""
    from .documents.upload_stream import UploadRequest

    app = Flask(__name__, instance_relative_config=True, template_folder="../templates")
    # Uploaded documents stream to the store's staging folder instead of memory or /tmp.
    app.request_class = UploadRequest
    app.config.from_mapping(config_module.DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("FOIA")
    else:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    config_module.finish_config(app.config, app.instance_path)

    _trust_proxies(app)
    _init_extensions(app)
    _register_blueprints(app)
    from . import cli

    cli.init_app(app)
    return app


def _trust_proxies(app: Flask) -> None:
    # Login throttling counts by client address: without the proxies configured every
    # client would be the proxy, and with too many anyone could forge X-Forwarded-For.
    count = int(app.config["PROXY_COUNT"])
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def _init_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (registers every table on the metadata)
    from . import sqlite_connections
    from .audit import recorder
    from .extensions import csrf, db, login_manager, migrate
    from .users import auth

    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            sqlite_connections.configure_engine(engine)
    migrate.init_app(app, db)
    csrf.init_app(app)
    login_manager.init_app(app)
    auth.init_login(login_manager)
    auth.init_app(app)
    recorder.install()


def _register_blueprints(app: Flask) -> None:
    from .admin.views import bp as admin_bp
    from .agencies.views import bp as agencies_bp
    from .api.views import bp as api_bp
    from .calendar_feed.views import bp as calendar_feed_bp
    from .campaigns.document_views import bp as campaign_documents_bp
    from .campaigns.views import bp as campaigns_bp
    from .coalition_letters.views import bp as coalition_letters_bp
    from .closures.views import bp as closures_bp
    from .documents.search_views import bp as search_bp
    from .documents.views import bp as documents_bp
    from .evidence.views import bp as evidence_bp
    from .exports.views import bp as exports_bp
    from .followups.views import bp as followups_bp
    from .letters.views import bp as letters_bp
    from .mail.views import bp as outbox_bp
    from .mailboxes.views import bp as mailboxes_bp
    from .communications.views import bp as communications_bp
    from .orgs.views import bp as setup_bp
    from .reader.views import bp as reader_bp
    from .records.views import bp as records_bp
    from .twofactor.views import bp as twofactor_bp
    from .users.profile import bp as profile_bp
    from .users.views import bp as auth_bp
    from .web import errors, routing, security
    from .web.views import bp as main_bp

    routing.init_app(app)
    for blueprint in (main_bp, setup_bp, auth_bp, agencies_bp, records_bp,
                      communications_bp, admin_bp, closures_bp, api_bp, outbox_bp, followups_bp,
                      calendar_feed_bp, profile_bp, documents_bp, search_bp, evidence_bp,
                      letters_bp, exports_bp, twofactor_bp, campaigns_bp, coalition_letters_bp,
                      mailboxes_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(reader_bp)
    app.register_blueprint(campaign_documents_bp)
    from .mail_intake.views import bp as mail_intake_bp

    app.register_blueprint(mail_intake_bp)
    from .ocr.views import bp as ocr_bp

    app.register_blueprint(ocr_bp)
    errors.init_app(app)
    security.init_app(app)
