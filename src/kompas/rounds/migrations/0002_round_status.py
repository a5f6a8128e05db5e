from django.db import migrations, models


def adopt_recorded_rounds(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Rounds read from a source document, or frozen, record decisions taken: adopted."""
    rounds = apps.get_model("rounds", "DecisionRound").objects.using(schema_editor.connection.alias)
    rounds.filter(source__isnull=False).update(status="adopted")
    rounds.filter(frozen_at__isnull=False).update(status="adopted")


class Migration(migrations.Migration):
    dependencies = [("rounds", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="decisionround",
            name="status",
            field=models.CharField(
                choices=[("draft", "draft"), ("adopted", "adopted")],
                default="draft",
                help_text="a draft is weighed only when someone picks it; adopted rounds are the default",
                max_length=10,
            ),
        ),
        migrations.RunPython(adopt_recorded_rounds, migrations.RunPython.noop),
    ]
