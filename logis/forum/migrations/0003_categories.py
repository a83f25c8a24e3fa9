from django.db import migrations

from logis.forum.categories import categories_ensure


def create(apps, schema_editor):
    categories_ensure(apps.get_model("forum", "Category"))


class Migration(migrations.Migration):
    dependencies = [("forum", "0002_full_text_search")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
