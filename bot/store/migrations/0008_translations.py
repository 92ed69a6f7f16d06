from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0007_ai_and_sending')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Translation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hotel', fields.ForeignKeyField('models.Hotel', source_field='hotel_id', db_constraint=True, to_field='id', related_name='translations', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=16)),
                ('key', fields.CharField(max_length=100)),
                ('language', fields.CharField(max_length=8)),
                ('source_hash', fields.CharField(max_length=64)),
                ('text', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'translations', 'app': 'models', 'unique_together': (('hotel_id', 'kind', 'key', 'language'),), 'pk_attr': 'id', 'table_description': 'A hotel text the model translated into a language the hotel did not write it in.'},
            bases=['Model'],
        ),
    ]
