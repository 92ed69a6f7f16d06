from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [('models', '0006_schedules')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Message',
            name='attempt_started_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Hotel',
            name='ai_daily_tokens',
            field=fields.IntField(null=True),
        ),
        ops.CreateModel(
            name='AICall',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hotel_id', fields.IntField()),
                ('message_id', fields.BigIntField(null=True)),
                ('model', fields.CharField(max_length=100)),
                ('prompt_tokens', fields.IntField(default=0)),
                ('completion_tokens', fields.IntField(default=0)),
                ('latency_ms', fields.IntField(default=0)),
                ('outcome', fields.CharField(max_length=16)),
                ('detail', fields.CharField(null=True, max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'ai_calls', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One call to the model: what it cost and how it ended (for budgets, /stats and health).'},
            bases=['Model'],
        ),
        ops.AddIndex(
            model_name='AICall',
            index=Index(fields=['hotel_id', 'created_at']),
        ),
    ]
