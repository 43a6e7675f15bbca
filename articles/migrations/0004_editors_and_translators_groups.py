from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = ["article", "topic", "page", "promo"]
HISTORY = [f"historical{model}" for model in CONTENT]

# Editors run the site's content; deleting an article would also delete readers'
# favorites and feedback, so they archive articles and only superusers delete them.
# Superusers manage people: neither group has any permission on users or groups.
GROUPS = {
    "Editors": [
        *(
            ("articles", f"{action}_{model}")
            for model in CONTENT
            for action in ("add", "change", "view")
        ),
        *(("articles", f"delete_{model}") for model in ["topic", "page", "promo"]),
        *(("articles", f"view_{model}") for model in HISTORY),
        ("feedback", "view_helpfulnessvote"),
    ],
    # Translators edit the Spanish fields only: the admin gives "translate" the Spanish
    # fields of the form and shows the rest read-only (articles.admin.NewsroomAdmin).
    "Translators": [
        *(
            ("articles", f"{action}_{model}")
            for model in CONTENT
            for action in ("view", "translate")
        ),
        *(("articles", f"view_{model}") for model in HISTORY),
    ],
}


def create_groups(apps, schema_editor):
    # Django creates permissions after the last migration has run; on a fresh database
    # they do not exist yet, so create them now for every app that has models.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in permissions:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_language_edit_times_for_existing_rows"),
        ("feedback", "0001_helpfulness_vote"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_groups, delete_groups),
    ]
