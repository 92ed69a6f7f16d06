from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0009_staff_inbox')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Message',
            index=Index(fields=['guest_id', 'id']),
        ),
        ops.AddIndex(
            model_name='StaffLink',
            index=Index(fields=['request_id']),
        ),
    ]
