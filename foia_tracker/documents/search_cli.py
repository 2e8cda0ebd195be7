"""The search command: the search page's hits, as a table or as JSON lines for scripts."""

import html
import json
import re

import click
from flask.cli import with_appcontext
from markupsafe import Markup
from sqlalchemy import select

from ..campaigns.grants import shared_document_ids
from ..campaigns.models import Campaign
from ..extensions import db
from ..orgs.models import Organisation
from .search import PER_PAGE, DocumentScope, SearchHit, documents_search
from .search_query import MAX_QUERY_CHARS, query_described, query_parse

#: More hits than this at once is an export, not a search.
MAX_LIMIT = 1000
_MARK = re.compile(r"(<mark>.*?</mark>)", re.S)


@click.command("search")
@click.argument("query")
@click.option("--organisation", "organisation_code", metavar="CODE",
              help="Search this organisation's documents, e.g. OR.")
@click.option("--campaign", "campaign_id", type=int, metavar="ID",
              help="Instead of --organisation: search the documents shared into a campaign.")
@click.option("--limit", type=click.IntRange(1, MAX_LIMIT), default=PER_PAGE, show_default=True,
              help="Print at most this many hits, best first.")
@click.option("--json", "as_json", is_flag=True,
              help="One JSON object per hit and line: exhibit, document_id, page, source, snippet "
                   "(and organisation, with --campaign).")
@with_appcontext
def search_command(query, organisation_code, campaign_id, limit, as_json):
    """Print the documents' pages matching QUERY, as the search page finds them."""
    if (organisation_code is None) == (campaign_id is None):
        raise click.UsageError("Give one of --organisation CODE or --campaign ID.")
    scope = (_organisation_scope(organisation_code) if campaign_id is None
             else _campaign_scope(campaign_id))
    parsed = query_parse(query)
    if len(query) > MAX_QUERY_CHARS or parsed.is_empty:
        raise click.BadParameter(f"type between one word (letters or digits) and "
                                 f"{MAX_QUERY_CHARS} characters to look for.", param_hint="QUERY")
    if parsed.dropped_quote:
        click.echo(f"A quote was not closed; searched for: {query_described(parsed)}", err=True)
    results = documents_search(query=query, scope=scope, per_page=limit)
    if as_json:
        for hit in results.hits:
            line = hit_as_dict(hit)
            if campaign_id is not None:
                # Across affiliates, which one obtained the record matters as much as where.
                line["organisation"] = hit.organisation_name
            click.echo(json.dumps(line))
        return
    _print_table(results)


def hit_as_dict(hit: SearchHit) -> dict:
    """Return a hit as the --json line shows it, its snippet as plain text."""
    return {"exhibit": hit.exhibit_number, "document_id": hit.document_id,
            "page": hit.page_number, "source": hit.text_source,
            "snippet": "".join(text for text, _ in snippet_pieces(hit.snippet))}


def snippet_pieces(snippet: Markup) -> list[tuple[str, bool]]:
    """Split a highlighted snippet into (plain text, is a hit) pieces, whitespace collapsed."""
    pieces = []
    for part in _MARK.split(str(snippet)):
        is_hit = part.startswith("<mark>")
        text = html.unescape(part[len("<mark>"):-len("</mark>")] if is_hit else part)
        if text:
            pieces.append((re.sub(r"\s+", " ", text), is_hit))
    return pieces


def _organisation_scope(code: str) -> DocumentScope:
    organisation = db.session.scalar(select(Organisation).where(
        Organisation.code == code.strip().upper()))
    if organisation is None:
        raise click.BadParameter(f"there is no organisation {code!r}.",
                                 param_hint="--organisation")
    return DocumentScope(organisation_id=organisation.id)


def _campaign_scope(campaign_id: int) -> DocumentScope:
    # An id past the database's integer range is no campaign either (PostgreSQL would refuse it).
    campaign = db.session.get(Campaign, campaign_id) if 0 < campaign_id < 2**31 else None
    if campaign is None:
        raise click.BadParameter(f"there is no campaign {campaign_id}.", param_hint="--campaign")
    return DocumentScope(granted=shared_document_ids(campaign.id), campaign_id=campaign.id)


def _print_table(results) -> None:
    if not results.hits:
        click.echo("No page matches.")
        return
    shown = len(results.hits)
    more = f"; the best {shown} shown (--limit)" if results.total > shown else ""
    click.echo(f"{results.total} page{'' if results.total == 1 else 's'} match{more}.")
    width = max(len(hit.exhibit_number) for hit in results.hits)
    click.echo(f"{'Exhibit':<{width}}  {'Page':>5}  {'Text':<4}  Snippet")
    for hit in results.hits:
        snippet = "".join(click.style(text, bold=True) if is_hit else text
                          for text, is_hit in snippet_pieces(hit.snippet))
        click.echo(f"{hit.exhibit_number:<{width}}  {hit.page_number:>5}  "
                   f"{hit.text_source:<4}  {snippet.strip()}")


#: Click commands registered on the app's CLI.
COMMANDS: list = [search_command]
