"""Each request's count of live (not deleted) documents, kept by the database itself.

The dashboard's "awaiting documents" and the list filter "no documents yet" asked, for each of
an organisation's open requests, whether one of its documents is not deleted: 2,070 index
probes a view in a large affiliate (2-3 ms on either database, most of the overview's cost).
`records_request.live_document_count` answers it from the row (and from the index the overview
already reads). Triggers keep it, so every way a document row is written counts alike: uploads,
mail and bulk intake, deletions, a document moved between requests, restores, the benchmark's
bulk loader and the tests' fixtures; the app never writes the column. Migration 0026 and the
DDL listeners below (the tests' create_all) use the same statements.
"""

from sqlalchemy import DDL, event

from .models import Document

TRIGGER = "document_live_count"

SQLITE_CREATE = [
    f"CREATE TRIGGER {TRIGGER}_insert AFTER INSERT ON document WHEN new.deleted_at IS NULL "
    "BEGIN UPDATE records_request SET live_document_count = live_document_count + 1 "
    "WHERE id = new.request_id; END",
    f"CREATE TRIGGER {TRIGGER}_delete AFTER DELETE ON document WHEN old.deleted_at IS NULL "
    "BEGIN UPDATE records_request SET live_document_count = live_document_count - 1 "
    "WHERE id = old.request_id; END",
    f"CREATE TRIGGER {TRIGGER}_update AFTER UPDATE OF deleted_at, request_id ON document "
    "BEGIN UPDATE records_request SET live_document_count = live_document_count - 1 "
    "WHERE id = old.request_id AND old.deleted_at IS NULL; "
    "UPDATE records_request SET live_document_count = live_document_count + 1 "
    "WHERE id = new.request_id AND new.deleted_at IS NULL; END",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TRIGGER}_{event_}"
               for event_ in ("insert", "delete", "update")]

POSTGRES_CREATE = [
    f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.deleted_at IS NULL THEN "
    "UPDATE records_request SET live_document_count = live_document_count - 1 "
    "WHERE id = OLD.request_id; END IF; "
    "IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.deleted_at IS NULL THEN "
    "UPDATE records_request SET live_document_count = live_document_count + 1 "
    "WHERE id = NEW.request_id; END IF; "
    "RETURN NULL; END $$",
    f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR DELETE OR UPDATE OF deleted_at, request_id "
    f"ON document FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()",
]
POSTGRES_DROP = [f"DROP TRIGGER IF EXISTS {TRIGGER} ON document",
                 f"DROP FUNCTION IF EXISTS {TRIGGER}()"]

#: Counts every request's live documents afresh (a migrated database; the consistency check).
RECOUNT = ("UPDATE records_request SET live_document_count = (SELECT count(*) FROM document "
           "WHERE document.request_id = records_request.id AND document.deleted_at IS NULL)")


def _listen(when: str, statements: list[str], dialect: str) -> None:
    for statement in statements:
        event.listen(Document.__table__, when, DDL(statement).execute_if(dialect=dialect))


_listen("after_create", SQLITE_CREATE, "sqlite")
_listen("after_create", POSTGRES_CREATE, "postgresql")
