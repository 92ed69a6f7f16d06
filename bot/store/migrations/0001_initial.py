from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from bot.store.models import ConversationState, Direction, MessageStatus, ReceiveMode, Role
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('actor', fields.CharField(max_length=100)),
                ('action', fields.CharField(max_length=64)),
                ('hotel_id', fields.IntField(null=True)),
                ('details', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'audit_entries', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Hotel',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=200)),
                ('instance_id', fields.BigIntField(unique=True)),
                ('api_url', fields.CharField(max_length=300)),
                ('media_url', fields.CharField(null=True, max_length=300)),
                ('token_encrypted', fields.TextField(unique=False)),
                ('webhook_token_encrypted', fields.TextField(unique=False)),
                ('receive_mode', fields.CharEnumField(default=ReceiveMode.WEBHOOK, description='WEBHOOK: webhook\nPOLLING: polling', enum_type=ReceiveMode, max_length=16)),
                ('timezone', fields.CharField(default='UTC', max_length=64)),
                ('languages', fields.CharField(default='en,ru', max_length=100)),
                ('hours_open', fields.CharField(null=True, max_length=5)),
                ('hours_close', fields.CharField(null=True, max_length=5)),
                ('enabled', fields.BooleanField(default=True)),
                ('wa_state', fields.CharField(null=True, max_length=32)),
                ('wa_state_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('wid', fields.CharField(null=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'hotels', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Event',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hotel', fields.ForeignKeyField('models.Hotel', source_field='hotel_id', db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=32)),
                ('payload', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'events', 'app': 'models', 'indexes': [Index(fields=['delivered_at', 'id'])], 'pk_attr': 'id', 'table_description': 'Something staff must hear about (handoff, new request, quota hit, gateway state).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Guest',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hotel', fields.ForeignKeyField('models.Hotel', source_field='hotel_id', db_constraint=True, to_field='id', related_name='guests', on_delete=OnDelete.CASCADE)),
                ('chat_id', fields.CharField(max_length=100)),
                ('name', fields.CharField(null=True, max_length=200)),
                ('language', fields.CharField(null=True, max_length=8)),
                ('opted_out', fields.BooleanField(default=False)),
                ('first_seen', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_seen', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'guests', 'app': 'models', 'unique_together': (('hotel_id', 'chat_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Conversation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hotel', fields.ForeignKeyField('models.Hotel', source_field='hotel_id', db_constraint=True, to_field='id', related_name='conversations', on_delete=OnDelete.CASCADE)),
                ('guest', fields.OneToOneField('models.Guest', source_field='guest_id', db_constraint=True, to_field='id', related_name='conversation', on_delete=OnDelete.CASCADE)),
                ('state', fields.CharEnumField(default=ConversationState.BOT, description='BOT: bot\nHUMAN: human', enum_type=ConversationState, max_length=16)),
                ('handoff_reason', fields.CharField(null=True, max_length=32)),
                ('handed_off_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'conversations', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One per guest: who holds the chat (the bot or a person) and why.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='KnowledgeEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hotel', fields.ForeignKeyField('models.Hotel', source_field='hotel_id', db_constraint=True, to_field='id', related_name='knowledge', on_delete=OnDelete.CASCADE)),
                ('topic', fields.CharField(max_length=100)),
                ('questions', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('answer', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'knowledge_entries', 'app': 'models', 'unique_together': (('hotel_id', 'topic'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Message',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hotel', fields.ForeignKeyField('models.Hotel', source_field='hotel_id', db_constraint=True, to_field='id', related_name='messages', on_delete=OnDelete.CASCADE)),
                ('guest', fields.ForeignKeyField('models.Guest', source_field='guest_id', null=True, db_constraint=True, to_field='id', related_name='messages', on_delete=OnDelete.CASCADE)),
                ('chat_id', fields.CharField(max_length=100)),
                ('direction', fields.CharEnumField(description='IN: in\nOUT: out', enum_type=Direction, max_length=4)),
                ('gateway_id', fields.CharField(null=True, max_length=100)),
                ('kind', fields.CharField(default='text', max_length=40)),
                ('text', fields.TextField(default='', unique=False)),
                ('status', fields.CharEnumField(description='RECEIVED: received\nPROCESSED: processed\nPENDING: pending\nSENT: sent\nDELIVERED: delivered\nREAD: read\nFAILED: failed\nNO_ACCOUNT: noAccount\nYELLOW_CARD: yellowCard', enum_type=MessageStatus, max_length=16)),
                ('source', fields.CharField(null=True, max_length=24)),
                ('payload', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('error', fields.CharField(null=True, max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('processed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'messages', 'app': 'models', 'unique_together': (('hotel_id', 'chat_id', 'gateway_id'),), 'indexes': [Index(fields=['status', 'next_attempt_at']), Index(fields=['hotel_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ServiceRequest',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hotel', fields.ForeignKeyField('models.Hotel', source_field='hotel_id', db_constraint=True, to_field='id', related_name='service_requests', on_delete=OnDelete.CASCADE)),
                ('guest', fields.ForeignKeyField('models.Guest', source_field='guest_id', db_constraint=True, to_field='id', related_name='service_requests', on_delete=OnDelete.CASCADE)),
                ('message', fields.ForeignKeyField('models.Message', source_field='message_id', null=True, db_constraint=True, to_field='id', related_name='service_requests', on_delete=OnDelete.SET_NULL)),
                ('kind', fields.CharField(max_length=32)),
                ('text', fields.TextField(unique=False)),
                ('status', fields.CharField(default='open', max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'service_requests', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Staff',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hotel', fields.ForeignKeyField('models.Hotel', source_field='hotel_id', null=True, db_constraint=True, to_field='id', related_name='staff', on_delete=OnDelete.CASCADE)),
                ('telegram_id', fields.BigIntField(null=True)),
                ('phone', fields.CharField(null=True, max_length=32)),
                ('name', fields.CharField(default='', max_length=200)),
                ('role', fields.CharEnumField(description='SUPER_ADMIN: super_admin\nMANAGER: manager\nSUPPORT: support', enum_type=Role, max_length=16)),
                ('language', fields.CharField(null=True, max_length=8)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'staff', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Template',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hotel', fields.ForeignKeyField('models.Hotel', source_field='hotel_id', db_constraint=True, to_field='id', related_name='templates', on_delete=OnDelete.CASCADE)),
                ('key', fields.CharField(max_length=50)),
                ('language', fields.CharField(max_length=8)),
                ('text', fields.TextField(unique=False)),
            ],
            options={'table': 'templates', 'app': 'models', 'unique_together': (('hotel_id', 'key', 'language'),), 'pk_attr': 'id', 'table_description': "A hotel's own wording of a built-in template (locales/) in one language."},
            bases=['Model'],
        ),
    ]
