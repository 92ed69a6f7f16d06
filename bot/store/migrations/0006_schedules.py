from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [('models', '0005_hardening')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Hotel',
            name='report_time',
            field=fields.CharField(default='09:00', db_default='09:00', max_length=5),
        ),
        ops.AddField(
            model_name='Hotel',
            name='retention_days',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Staff',
            name='reports_enabled',
            field=fields.BooleanField(default=True, db_default=True),
        ),
        ops.CreateModel(
            name='Slot',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('done_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('outcome', fields.CharField(null=True, max_length=16)),
                ('error', fields.CharField(null=True, max_length=500)),
            ],
            options={'table': 'slots', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One scheduled thing done once: a daily report to one person, one night\'s backup.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Preference',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=100)),
                ('value', fields.CharField(max_length=500)),
            ],
            options={'table': 'preferences', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A deployment-wide or per-person choice made from chat (e.g. backup notifications).'},
            bases=['Model'],
        ),
    ]
