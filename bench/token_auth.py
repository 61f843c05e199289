"""What a bearer token costs a request: `python bench/token_auth.py --tokens 100000`.

Loads the demo network into a fresh PostgreSQL database (BENCH_DATABASE_URL, default db `h_access_bench`)
with `--tokens` personal access tokens and as many OAuth access tokens beside the ones timed (so that each
lookup is an index probe into a table of realistic size), then times, in one run:

- the authentication step alone (core.tokens.authenticate on a request), for a personal access token and a
  client's OAuth access token, each beside its lookup replayed as raw SQL — the step's database share;
- GET /api/v1/me through the whole Django stack with no credentials (401: the stack without any
  authentication), with a session, with a personal token and with an OAuth token: the difference between
  the token rows and the 401 row is what a token adds to a request.

Target (issue 14): token authentication adds ≤ 1 ms per request. The step reads one row by a unique index
(token → user → organisation, one statement) and writes the last use at most once a minute per token
(core.tokens.USE_RECORDED_EVERY), so it does not depend on how many cases the database holds: the
target's "1M disputes" scale changes nothing here, and none are loaded.
"""

import secrets
from datetime import timedelta

from harness import arguments, load_demo_world, print_table, raw_sql, timed


def load_tokens(count: int) -> None:
    """`count` personal tokens and `count` OAuth access tokens of other users and a dummy client (bulk)."""
    from django.utils import timezone
    from oauth2_provider.models import AccessToken

    from renshe.core.models import ApiToken, User

    users = list(User.objects.values_list("pk", flat=True))
    expires = timezone.now() + timedelta(days=30)
    application = _client("bench-filler").application
    batch = 10_000
    for start in range(0, count, batch):
        size = min(batch, count - start)
        keys = [secrets.token_hex(16) for _ in range(size)]
        ApiToken.objects.bulk_create(
            ApiToken(
                user_id=users[i % len(users)],
                name="filler",
                prefix="rs_fill",
                key_digest=ApiToken.digest(key),
                scopes="read",
                expires_at=expires,
            )
            for i, key in enumerate(keys)
        )
        AccessToken.objects.bulk_create(
            AccessToken(application=application, token=key, expires=expires, scope="read") for key in keys
        )


def _client(username: str):
    from renshe.core import tokens
    from renshe.core.administration import AccountInput
    from renshe.core.models import Organisation, User

    client, _secret = tokens.register_client(
        by=User.objects.get(username="pd_admin"),
        name=username,
        username=username,
        account=AccountInput(
            full_name=username,
            organisation=Organisation.objects.get(name="张江镇劳动争议调解中心"),
            role="mediator",
        ),
        scopes="read write",
    )
    return client


def main() -> None:
    args = arguments(__doc__.splitlines()[0], "h_access_bench", repeat=500, tokens=100_000)
    from django.conf import settings
    from django.contrib.auth import get_user
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import Client, RequestFactory
    from django.utils import timezone
    from oauth2_provider.models import AccessToken

    from renshe.core import tokens
    from renshe.core.api import SessionAuth
    from renshe.core.models import ApiToken, User

    if not args.reuse:
        load_demo_world()
        load_tokens(args.tokens)
    user = User.objects.get(username="zj_centre")
    _token, personal = ApiToken.issue(user, "bench")
    oauth = secrets.token_urlsafe(30)
    AccessToken.objects.create(
        application=_client(f"bench-{secrets.token_hex(3)}").application,
        token=oauth,
        expires=timezone.now() + timedelta(hours=1),
        scope="read write",
    )

    factory = RequestFactory()
    session = Client()
    session.force_login(user)
    session_key = session.cookies[settings.SESSION_COOKIE_NAME].value

    def session_step():
        request = factory.get("/api/v1/me")
        request.COOKIES[settings.SESSION_COOKIE_NAME] = session_key
        request.session = SessionStore(session_key)
        request.user = get_user(request)  # as AuthenticationMiddleware does: the session's row, the user's
        assert SessionAuth()(request) is not None

    def step(key: str):
        def run():
            request = factory.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")
            assert tokens.authenticate(request, key) is not None

        return run

    clients = {
        "no credentials (401)": (Client(), 401),
        "session": (session, 200),
        "personal access token": (Client(HTTP_AUTHORIZATION=f"Bearer {personal}"), 200),
        "OAuth access token (client)": (Client(HTTP_AUTHORIZATION=f"Bearer {oauth}"), 200),
    }

    def page(client, status):
        def get():
            assert client.get("/api/v1/me").status_code == status

        return get

    rows = [
        ("auth step: session (the same request signed in)", timed(session_step, args.repeat), None),
        (
            "auth step: personal access token",
            timed(step(personal), args.repeat),
            timed(raw_sql(tokens.personal_token_lookup(personal)), args.repeat),
        ),
        (
            "auth step: OAuth access token",
            timed(step(oauth), args.repeat),
            timed(raw_sql(tokens.client_token_lookup(oauth)), args.repeat),
        ),
    ]
    rows += [
        (f"GET /api/v1/me, {name}", timed(page(*pair), args.repeat), None) for name, pair in clients.items()
    ]
    print_table(
        f"Token authentication ({args.tokens:,} personal and {args.tokens:,} OAuth tokens in the tables; "
        f"{args.repeat} requests each; raw = the lookup's SQL on a bare cursor)",
        rows,
    )


if __name__ == "__main__":
    main()
