from django.db import migrations


def values_version(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The second row: the version of the regions app's data (see kompas.shared.version)."""
    versions = apps.get_model("shared", "DataVersion").objects.using(schema_editor.connection.alias)
    versions.get_or_create(pk=2, defaults={"number": 1})


class Migration(migrations.Migration):
    dependencies = [("shared", "0001_initial")]

    operations = [migrations.RunPython(values_version, migrations.RunPython.noop)]
