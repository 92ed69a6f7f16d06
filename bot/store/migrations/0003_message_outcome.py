from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0002_invites')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Message',
            name='outcome',
            field=fields.CharField(null=True, max_length=16),
        ),
        ops.AddField(
            model_name='Message',
            name='reply_to_id',
            field=fields.BigIntField(null=True),
        ),
    ]
