from django.db import migrations

# Frozen copy of enums.DEFAULT_LIMITS at the time of this migration.
DEFAULT_LIMITS = {
    "max_daily_minutes": 600,
    "max_weekly_minutes": 2880,
    "max_avg_weekly_minutes_12w": 2640,
    "min_daily_rest_minutes": 660,
    "min_weekly_rest_minutes": 2100,
    "max_days_per_week": 6,
    "break_after_minutes": 360,
    "break_minutes": 20,
    "min_part_time_weekly_minutes": 1440,
    "travel_speed_kmh": 40,
}


def create_default_rules(apps, schema_editor):
    EmployerGroup = apps.get_model("employer_groups", "EmployerGroup")
    WorkingTimeRule = apps.get_model("planning", "WorkingTimeRule")
    for group in EmployerGroup.objects.all():
        existing = set(WorkingTimeRule.objects.filter(group=group).values_list("code", flat=True))
        WorkingTimeRule.objects.bulk_create(
            WorkingTimeRule(group=group, code=code, limit=limit)
            for code, limit in DEFAULT_LIMITS.items()
            if code not in existing
        )


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]

    operations = [migrations.RunPython(create_default_rules, migrations.RunPython.noop)]
