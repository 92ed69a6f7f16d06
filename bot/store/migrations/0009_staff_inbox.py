from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0008_translations')]

    initial = False

    operations = [
        ops.CreateModel(
            name='StaffLink',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hotel', fields.ForeignKeyField('models.Hotel', source_field='hotel_id', db_constraint=True, to_field='id', related_name='staff_links', on_delete=OnDelete.CASCADE)),
                ('conversation_id', fields.IntField(null=True)),
                ('request_id', fields.IntField(null=True)),
                ('tg_chat_id', fields.BigIntField()),
                ('tg_message_id', fields.BigIntField()),
                ('kind', fields.CharField(max_length=16)),
                ('message_id', fields.BigIntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'staff_links', 'app': 'models', 'unique_together': (('tg_chat_id', 'tg_message_id'),), 'indexes': [Index(fields=['conversation_id']), Index(fields=['message_id'])], 'pk_attr': 'id', 'table_description': "A Telegram message in a staff chat that stands for something of a guest's conversation."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Conversation',
            name='escalated_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Conversation',
            name='first_staff_reply_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Conversation',
            name='resolved_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Conversation',
            name='taken_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Conversation',
            name='taken_by',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='Conversation',
            name='taken_by_name',
            field=fields.CharField(null=True, max_length=200),
        ),
        ops.AddField(
            model_name='Conversation',
            name='topic_id',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='Hotel',
            name='announce_join',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Hotel',
            name='bot_paused',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Hotel',
            name='escalate_minutes',
            field=fields.IntField(default=5, db_default=5),
        ),
        ops.AddField(
            model_name='Hotel',
            name='staff_chat_forum',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Hotel',
            name='staff_chat_id',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='ServiceRequest',
            name='details',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='ServiceRequest',
            name='taken_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='ServiceRequest',
            name='taken_by',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='ServiceRequest',
            name='taken_by_name',
            field=fields.CharField(null=True, max_length=200),
        ),
    ]
