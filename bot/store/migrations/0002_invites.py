from tortoise import migrations
from tortoise.migrations import operations as ops
from bot.store.models import Role
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Invite',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=64)),
                ('role', fields.CharEnumField(description='SUPER_ADMIN: super_admin\nMANAGER: manager\nSUPPORT: support', enum_type=Role, max_length=16)),
                ('hotel', fields.ForeignKeyField('models.Hotel', source_field='hotel_id', null=True, db_constraint=True, to_field='id', related_name='invites', on_delete=OnDelete.CASCADE)),
                ('created_by', fields.CharField(max_length=100)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_by', fields.BigIntField(null=True)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'invites', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A single-use deep link that makes whoever opens it staff with `role` at `hotel`.'},
            bases=['Model'],
        ),
    ]
