"""`python -m renshe.core.probe DATABASE_URL REDIS_URL`: exit 0 when both servers answer (used by bin/test)."""

import sys


def reachable(database_url: str, redis_url: str) -> bool:
    import psycopg
    import redis

    try:
        psycopg.connect(database_url.replace("postgres://", "postgresql://"), connect_timeout=3).close()
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable", reported below
        print(f"not reachable: {error}", file=sys.stderr)
        return False
    return True


if __name__ == "__main__":
    sys.exit(0 if reachable(sys.argv[1], sys.argv[2]) else 1)
