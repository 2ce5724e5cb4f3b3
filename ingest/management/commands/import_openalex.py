from ingest.commands import ImportCommand
from ingest.openalex import parse_openalex_line


def parse(line: str):
    parsed = parse_openalex_line(line)
    return parsed.records, parsed.rejected


class Command(ImportCommand):
    help = (
        "Import OpenAlex works and authors (JSON lines: snapshot lines, single API responses or "
        "list responses; plain or .gz). Safe to re-run: records are keyed by their ids."
    )
    source = "openalex"
    parse = staticmethod(parse)
