"""A full-text index of the pages of shared documents, for campaign search on SQLite.

Campaign search ranks the pages of a few hundred shared documents among an installation's
hundreds of thousands. Searched in the main index (documents.fulltext), FTS5's bm25 read the
whole index for each phrase's frequency and weighed every request token of the campaign's
scope for each hit: 27-33 ms a search of the benchmark's campaign, against 1.4 ms here. This
index holds only pages of documents shared into some campaign, each with a token per campaign
("c3 c7"), so a search narrows to one campaign inside the index and ranks among shared pages.

It narrows, it does not authorise: the search still keeps only the documents the reader's
grants name (campaigns.grants), so a share out of force (its organisation left, say) stays
unread although its pages stay indexed. An external-content table: the text is read through
the view, never stored twice. Triggers keep it in step with pages, documents and shares;
migration 0027 and the DDL listeners below (the tests' create_all) use these statements.
PostgreSQL needs none of it: its search reads the granted pages' stored vectors directly.
"""

from sqlalchemy import DDL, event

from ..documents.fulltext import FTS_TABLE
from .models import CampaignShare

#: Named after the main index, so the schema tools that leave full-text objects out of the
#: models' comparison (documents.fulltext.include_name) leave this one out too.
SHARED_FTS_TABLE = f"{FTS_TABLE}_shared"
SHARED_SOURCE_VIEW = "document_page_search_shared"
#: The campaign_share index the view's lookups read, in the order the scope lists campaigns.
SHARE_DOCUMENT_INDEX = "ix_campaign_share_document_campaign"

# The scope's tokens must come back in the same order every time: a delete names the tokens and
# positions it indexed. The index on (document_id, campaign_id) reads them in campaign order.
_SCOPE = ("(SELECT group_concat('c' || campaign_id, ' ') FROM (SELECT DISTINCT campaign_id "
          "FROM campaign_share s WHERE s.document_id = p.document_id ORDER BY campaign_id))")
_INDEX_PAGES = (f"INSERT INTO {SHARED_FTS_TABLE}(rowid, text, scope) "
                f"SELECT id, text, scope FROM {SHARED_SOURCE_VIEW} WHERE id IN ({{ids}})")
_UNINDEX_PAGES = (f"INSERT INTO {SHARED_FTS_TABLE}({SHARED_FTS_TABLE}, rowid, text, scope) "
                  f"SELECT 'delete', id, text, scope FROM {SHARED_SOURCE_VIEW} "
                  f"WHERE id IN ({{ids}})")
_PAGES_OF = "SELECT id FROM document_page WHERE document_id IN ({documents})"
_TRIGGER = "document_page_fts_shared"


def _reindexing(name: str, event_: str, table: str, ids: str) -> list[str]:
    """Return the two triggers that unindex pages before a change and index them after it.

    In `ids`, `row.` names the old row before the change and the new row after it.
    """
    return [f"CREATE TRIGGER {_TRIGGER}_{name}_before BEFORE {event_} ON {table} "
            f"BEGIN {_UNINDEX_PAGES.format(ids=ids.replace('row.', 'old.'))}; END",
            f"CREATE TRIGGER {_TRIGGER}_{name}_after AFTER {event_} ON {table} "
            f"BEGIN {_INDEX_PAGES.format(ids=ids.replace('row.', 'new.'))}; END"]


SQLITE_CREATE = [
    f"CREATE VIEW {SHARED_SOURCE_VIEW} AS SELECT p.id AS id, p.text AS text, {_SCOPE} AS scope "
    "FROM document_page p JOIN document d ON d.id = p.document_id "
    "WHERE d.deleted_at IS NULL "
    "AND EXISTS (SELECT 1 FROM campaign_share s WHERE s.document_id = p.document_id)",
    f"CREATE VIRTUAL TABLE {SHARED_FTS_TABLE} USING fts5(text, scope, "
    f"content='{SHARED_SOURCE_VIEW}', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    # Rank by the text alone, as the main index does.
    f"INSERT INTO {SHARED_FTS_TABLE}({SHARED_FTS_TABLE}, rank) VALUES('rank', 'bm25(1.0, 0.0)')",
    f"CREATE TRIGGER {_TRIGGER}_page_insert AFTER INSERT ON document_page "
    f"BEGIN {_INDEX_PAGES.format(ids='new.id')}; END",
    f"CREATE TRIGGER {_TRIGGER}_page_delete BEFORE DELETE ON document_page "
    f"BEGIN {_UNINDEX_PAGES.format(ids='old.id')}; END",
    *_reindexing("page_update", "UPDATE OF text, document_id", "document_page", "row.id"),
    *_reindexing("document_update", "UPDATE OF deleted_at", "document",
                 _PAGES_OF.format(documents="row.id")),
    f"CREATE TRIGGER {_TRIGGER}_document_delete BEFORE DELETE ON document "
    f"BEGIN {_UNINDEX_PAGES.format(ids=_PAGES_OF.format(documents='old.id'))}; END",
    # A share adds its campaign to the scope of its document's pages, a revoke takes it away.
    *_reindexing("share_insert", "INSERT", "campaign_share",
                 _PAGES_OF.format(documents="new.document_id")),
    *_reindexing("share_delete", "DELETE", "campaign_share",
                 _PAGES_OF.format(documents="old.document_id")),
    # One statement for both documents: the same page is never unindexed twice.
    *_reindexing("share_update", "UPDATE OF campaign_id, document_id", "campaign_share",
                 _PAGES_OF.format(documents="old.document_id, new.document_id")),
]

SQLITE_DROP = [
    *[f"DROP TRIGGER IF EXISTS {statement.split()[2]}" for statement in reversed(SQLITE_CREATE)
      if statement.startswith("CREATE TRIGGER")],
    f"DROP TABLE IF EXISTS {SHARED_FTS_TABLE}",
    f"DROP VIEW IF EXISTS {SHARED_SOURCE_VIEW}",
]

#: Fills the index from the pages shared before it existed (a migrated database).
SQLITE_REBUILD = f"INSERT INTO {SHARED_FTS_TABLE}({SHARED_FTS_TABLE}) VALUES('rebuild')"


def _listen(when: str, statements: list[str]) -> None:
    # After campaign_share: the view and the triggers name it, and the tables it refers to.
    for statement in statements:
        event.listen(CampaignShare.__table__, when, DDL(statement).execute_if(dialect="sqlite"))


_listen("after_create", SQLITE_CREATE)
_listen("before_drop", SQLITE_DROP)
