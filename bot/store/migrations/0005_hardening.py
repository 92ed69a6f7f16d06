import hashlib

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


async def hash_open_codes(apps, schema_editor):
    """Invite codes were stored as written; from now on only their SHA-256 is."""
    conn = schema_editor.client
    _, rows = await conn.execute_query("SELECT id, code FROM invites")
    for row in rows:
        code = row["code"]
        if len(code) == 64 and all(c in "0123456789abcdef" for c in code):
            continue
        digest = hashlib.sha256(code.encode()).hexdigest()
        await conn.execute_query(
            "UPDATE invites SET code = %s WHERE id = %s" % ("'" + digest + "'", int(row["id"]))
        )


class Migration(migrations.Migration):
    dependencies = [('models', '0004_reply_index')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Invite',
            name='revoked_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.CreateModel(
            name='SetAside',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hotel_id', fields.IntField(null=True)),
                ('source', fields.CharField(max_length=16)),
                ('body', fields.TextField()),
                ('error', fields.CharField(max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'set_aside', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A gateway notification that could not be processed, kept raw for a person to read.'},
            bases=['Model'],
        ),
        ops.RunPython(hash_open_codes),
    ]
