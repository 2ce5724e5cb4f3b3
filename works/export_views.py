"""A researcher's works as files for reference managers and feed readers.

BibTeX and RIS go out with the media types the Zotero Connector intercepts (`text/x-bibtex`,
`application/x-research-info-systems`) *and* as attachments named `<slug>.bib` / `<slug>.ris`:
the connector offers "Import into Zotero" on either signal, and without it the browser saves a
file that any reference manager opens instead of showing a page of raw text.

Each view costs the selectors' queries only: the researcher, the works, their authorships and
their topics, whatever the number of works.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from bzpeer.http import site_base_url
from profiles.selectors import researcher_get
from works.exports import (
    csl_json_dumps,
    works_to_atom,
    works_to_bibtex,
    works_to_csl_json,
    works_to_ris,
)
from works.selectors import work_list_for_researcher

ATOM_FEED_SIZE = 50

BIBTEX_CONTENT_TYPE = "text/x-bibtex; charset=utf-8"
RIS_CONTENT_TYPE = "application/x-research-info-systems; charset=utf-8"
CSL_JSON_CONTENT_TYPE = "application/vnd.citationstyles.csl+json"
ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8"


def _download(body: str | bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
def researcher_works_bibtex(request: HttpRequest, slug: str) -> HttpResponse:
    researcher = researcher_get(slug=slug)
    works = list(work_list_for_researcher(researcher=researcher))
    return _download(
        works_to_bibtex(works, researcher=researcher),
        content_type=BIBTEX_CONTENT_TYPE,
        filename=f"{researcher.slug}.bib",
    )


@require_GET
def researcher_works_ris(request: HttpRequest, slug: str) -> HttpResponse:
    researcher = researcher_get(slug=slug)
    works = list(work_list_for_researcher(researcher=researcher))
    return _download(
        works_to_ris(works, researcher=researcher),
        content_type=RIS_CONTENT_TYPE,
        filename=f"{researcher.slug}.ris",
    )


@require_GET
def researcher_works_csl_json(request: HttpRequest, slug: str) -> HttpResponse:
    researcher = researcher_get(slug=slug)
    works = list(work_list_for_researcher(researcher=researcher))
    return _download(
        csl_json_dumps(works_to_csl_json(works, researcher=researcher)),
        content_type=CSL_JSON_CONTENT_TYPE,
        filename=f"{researcher.slug}.json",
    )


@require_GET
def researcher_works_atom(request: HttpRequest, slug: str) -> HttpResponse:
    """The newest works, at most ATOM_FEED_SIZE; served inline, as feed readers expect."""
    researcher = researcher_get(slug=slug)
    works = list(work_list_for_researcher(researcher=researcher)[:ATOM_FEED_SIZE])
    body = works_to_atom(
        works,
        researcher=researcher,
        feed_url=site_base_url(request) + request.path,
        page_url=site_base_url(request) + researcher.get_absolute_url(),
    )
    return HttpResponse(body, content_type=ATOM_CONTENT_TYPE)
