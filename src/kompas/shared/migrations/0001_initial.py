from django.db import migrations, models


def first_version(apps, schema_editor):  # type: ignore[no-untyped-def]
    alias = schema_editor.connection.alias
    apps.get_model("shared", "DataVersion").objects.using(alias).create(pk=1, number=1)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveBigIntegerField(default=1, help_text="how many changes so far")),
                ("token", models.BigIntegerField(default=0, help_text="random, new with every change")),
            ],
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
    ]
