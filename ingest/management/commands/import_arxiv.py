from ingest.arxiv import parse_arxiv_atom, parse_arxiv_line
from ingest.commands import ImportCommand


def parse(text: str):
    if text.lstrip().startswith("<"):
        return parse_arxiv_atom(text)  # an arXiv API (Atom XML) response
    return [parse_arxiv_line(text)], []


class Command(ImportCommand):
    help = (
        "Import arXiv metadata: the bulk snapshot (JSON lines, plain or .gz) or arXiv API "
        "responses (Atom XML, .xml). Authors are matched by the documented name rule."
    )
    source = "arxiv"
    parse = staticmethod(parse)
