"""Exit 0 when the PostgreSQL URL given accepts a connection within two seconds."""

import asyncio
import sys

import asyncpg


async def ready(url: str) -> bool:
    try:
        conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1), timeout=2)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await conn.close()
    return True


if __name__ == "__main__":
    sys.exit(0 if asyncio.run(ready(sys.argv[1])) else 1)
