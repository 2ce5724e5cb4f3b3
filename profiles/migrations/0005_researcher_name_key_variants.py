"""Recompute name keys: each name's written variants (bzpeer.text.name_variants), former names
no longer keys."""

from django.db import migrations


def recompute(apps, schema_editor):
    from profiles.models import researcher_name_keys

    Researcher = apps.get_model("profiles", "Researcher")
    batch = []
    for researcher in Researcher.objects.only(
        "display_name", "former_names", "name_keys"
    ).iterator(2000):
        # Former names are no longer keys; keys an importer added (a source's alternatives) stay.
        former = set(researcher_name_keys("", researcher.former_names))
        keys = researcher_name_keys(researcher.display_name)
        kept = [k for k in researcher.name_keys if k not in former]
        researcher.name_keys = list(dict.fromkeys([*keys, *kept]))
        batch.append(researcher)
        if len(batch) == 2000:
            Researcher.objects.bulk_update(batch, ["name_keys"])
            batch = []
    Researcher.objects.bulk_update(batch, ["name_keys"])


class Migration(migrations.Migration):
    dependencies = [("profiles", "0004_models_moved_out")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
