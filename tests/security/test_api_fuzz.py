"""Property-based fuzzing of the whole HTTP API from its own OpenAPI document (schemathesis on hypothesis).

Every operation in /api/v1/openapi.json is called in-process through the WSGI application with schema-valid
("positive") and schema-breaking ("negative") requests, as a department administrator and as a mediator, each
with a bearer token. Path parameters are drawn half of the time from the ids of real records in and out of the
caller's scope, and a `version` in the body half of the time is the record's current version, so requests get
past the 404 and 409 gates into the services. Whatever comes back:

* never a 5xx;
* every 4xx is JSON `{"detail": "<readable message>", ...}` (the format of renshe/api.py), and every entry of
  `errors` carries a message.

Violations are collected rather than raised, so hypothesis does not shrink against a database whose state the
earlier examples changed; the test then fails with a reproducer for each. Generation is derandomised (same
cases every run) and bounded: EXAMPLES per operation and mode.
"""

import json
import re
import sys
from datetime import date

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode

from renshe.core.casework import version_of
from renshe.core.models import (
    ApiToken,
    DictionaryEntry,
    Enterprise,
    Industry,
    IssuedDocument,
    Person,
    Region,
    User,
)
from renshe.core.tokens import SCOPES
from renshe.disputes.models import AgreementFollowUp, AgreementItem, DisputeCase, HearingRoom, Recusal
from renshe.inspection import services as inspection_services
from renshe.inspection.models import (
    AdvancePayment,
    HandlingDecision,
    InspectionCase,
    MeetingTask,
    RectificationOrder,
    Report,
    WageClaim,
)
from renshe.messaging.models import SmsTemplate
from renshe.webhooks.models import WebhookDelivery, WebhookEndpoint

from ..inspection.conftest import brigade, complain, factory, filed, u, workers  # noqa: F401

EXAMPLES = 4  # per operation and generation mode: 117 operations × 2 modes × 2 roles = 1 872 requests
ROLES = {"department_admin": "fx_admin", "mediator": "zj_centre"}
ROUTERS = ["core", "disputes", "inspection", "messages", "system", "public"]

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


def _router(path: str) -> str:
    rest = path.removeprefix("/api/v1/")
    routers = ("disputes", "inspection", "messages", "system", "public")
    return rest.split("/", 1)[0] if rest.startswith(routers) else "core"


def _collection(path: str) -> str:
    """What a path's {pk} names: the segment before it ("disputes", "inspection", "users" of
    /system/users/{pk}, "rooms" of /disputes/arbitration/rooms/{pk})."""
    return path.split("/{pk}", 1)[0].rsplit("/", 1)[-1]


@pytest.fixture
def records(world, apply, filed, u):  # noqa: F811 (fixtures imported above)
    """Real records for path parameters: a Zhangjiang dispute (the mediator's), a Fengxian dispute and a
    Fengxian inspection case with a rectification order and an advance (the Fengxian administrator's)."""
    zj_case, _code = apply(workers=2)
    fx_case, _code = apply(by="fx_admin", centre=world.orgs["fx_centre"])
    case = filed(3)
    inspection_services.issue_rectification_order(
        case,
        by=u["fx_inspector"],
        issued_on=date(2026, 10, 12),
        deadline=date(2026, 10, 22),
        requirements="限期支付工资。",
        version=version_of(case),
    )
    claim = case.claims.first()
    inspection_services.record_advance(
        case,
        by=u["fx_inspector"],
        payer_kind="fund",
        payer_name="应急周转金",
        decided_on=date(2026, 10, 20),
        allocations=[(claim.worker, claim.balance)],
        version=version_of(case),
    )
    return {
        "disputes": [zj_case.pk, fx_case.pk],
        "inspection": [case.pk],
        # 系统管理: accounts and organisations in 奉贤 (the administrator's scope) and in 普陀 (outside it)
        "users": [world.users[key].pk for key in ("fx_grid", "fx_inspector2", "pt_caoyang")],
        "organisations": [world.orgs[key].pk for key in ("fx_brigade", "fx_arbitration", "pt")],
        # 仲裁庭室: rooms of 奉贤's commission (the administrator's) and of 张江's tribunal (outside it)
        "rooms": _ids(HearingRoom.objects.filter(organisation=world.orgs["fx_arbitration"]))
        + _ids(HearingRoom.objects.filter(organisation=world.orgs["zj_tribunal"])),
    }


def _ids(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True)[:5])


def _pools(records) -> dict[str, list[int]]:
    """Ids per path-parameter name, from the records as they are now (earlier requests may have added some)."""
    disputes = DisputeCase.objects.filter(pk__in=records["disputes"])
    cases = InspectionCase.objects.filter(pk__in=records["inspection"])
    return {
        "disputes": records["disputes"],
        "inspection": records["inspection"],
        "users": records["users"],
        "organisations": records["organisations"],
        "dictionaries": _ids(DictionaryEntry.objects.order_by("pk")),
        "rooms": records["rooms"],
        "templates": _ids(SmsTemplate.objects.order_by("pk")),
        "regions": _ids(Region.objects.order_by("pk")),
        "industries": _ids(Industry.objects.order_by("pk")),
        "enterprises": _ids(Enterprise.objects.order_by("pk")),
        "people": _ids(Person.objects.order_by("pk")),
        "item_id": _ids(AgreementItem.objects.filter(agreement__case__in=disputes)),
        "recusal_id": _ids(Recusal.objects.filter(arbitration__case__in=disputes)),
        "follow_up_id": _ids(AgreementFollowUp.objects.filter(agreement__case__in=disputes)),
        "report_id": _ids(Report.objects.filter(case__in=cases)),
        "doc_id": _ids(RectificationOrder.objects.filter(case__in=cases))
        + _ids(HandlingDecision.objects.filter(case__in=cases)),
        "task_id": _ids(MeetingTask.objects.filter(meeting__case__in=cases)),
        "advance_id": _ids(AdvancePayment.objects.filter(case__in=cases)),
        "claim_id": _ids(WageClaim.objects.filter(case__in=cases)),
        # a document's subject: the case itself, or an order or decision of it
        "subject_id": records["disputes"]
        + records["inspection"]
        + _ids(RectificationOrder.objects.filter(case__in=cases))
        + _ids(HandlingDecision.objects.filter(case__in=cases)),
        "endpoints": _ids(WebhookEndpoint.objects.order_by("pk")),
        "delivery": [
            str(key) for key in WebhookDelivery.objects.order_by("pk").values_list("uuid", flat=True)
        ],
        "document_kind": sorted(IssuedDocument.objects.values_list("kind", flat=True).distinct())
        or ["disputes.agreement"],
    }


def _short(body) -> str:
    return "-" if isinstance(body, schemathesis.core.NotSet) else f"{body!r:.300}"


def _readable(text) -> bool:
    return isinstance(text, str) and text.strip() != "" and "Traceback" not in text and "<" not in text


def _problem(response) -> str | None:
    """What is wrong with this answer, or None."""
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if not 400 <= status < 500:
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        return f"{status} without a JSON body: {response.content[:200]!r}"
    if not isinstance(body, dict) or not _readable(body.get("detail")):
        return f"{status} without a readable detail: {body!r:.300}"
    for err in body.get("errors", []):
        if not isinstance(err, dict) or not _readable(err.get("message")):
            return f"{status} with an unreadable entry in errors: {err!r:.300}"
    return None


def _summary(username, counted, problems) -> str:
    lines = [f"as {username}, {sum(map(len, problems.values()))} of {counted} answers broke the rules:"]
    for (problem, raised), found in sorted(problems.items(), key=lambda item: "server" not in item[0][0]):
        operations = sorted({label for label, _request in found})
        lines.append(
            f"* {problem} {raised} ×{len(found)} on {len(operations)} operations: {', '.join(operations)}"
        )
        lines.append(f"  e.g. {found[0][1]}")
    return "\n".join(lines)


def _fuzz(operation, mode, records, send) -> None:
    """Run EXAMPLES generated cases of one operation in one mode through send(case, data)."""

    @FUZZ_SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def run(case, data):
        pools = _pools(records)
        kind = _router(operation.path)
        for name in list(case.path_parameters or {}):
            if data.draw(st.booleans(), label=f"real {name}"):
                pool = pools[name] if name != "pk" else pools[_collection(operation.path)]
                if pool:
                    case.path_parameters[name] = data.draw(st.sampled_from(pool), label=name)
        model = {"disputes": DisputeCase, "inspection": InspectionCase}.get(kind)
        if model and isinstance(case.body, dict) and "version" in case.body and data.draw(st.booleans()):
            pk = (case.path_parameters or {}).get("pk")
            current = (
                model.objects.filter(pk=pk).values_list("version", flat=True).first()
                if pk in pools[kind]
                else None
            )
            if current is not None:
                case.body["version"] = current
        send(case)

    run()


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, keeping the test's database connection (and so its transaction) open
    across requests as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Run once, on the production path (PostgreSQL), where a 5xx would cost most: on SQLite it took the suite's
# longest minutes again for the same requests.
@pytest.mark.services
@pytest.mark.parametrize("router", ROUTERS)
@pytest.mark.parametrize("role", list(ROLES))
def test_no_5xx_and_every_4xx_explains_itself(role, router, records, wsgi_app):
    key = ApiToken.issue(User.objects.get(username=ROLES[role]), "fuzz", scopes=" ".join(SCOPES))[1]
    headers = {"Authorization": f"Bearer {key}", "Accept-Language": "zh-hans"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app, headers=headers)
    operations = [op for op in (r.ok() for r in schema.get_all_operations()) if _router(op.path) == router]
    assert operations, router

    raised: list[str] = []
    problems: dict[tuple, list[tuple[str, str]]] = {}  # (problem, exception) -> [(operation, request)]
    counted = 0

    def remember(sender, request=None, **kwargs):
        raised.append(repr(sys.exc_info()[1]))

    def send(case):
        nonlocal counted
        del raised[:]
        response = case.call(headers=headers)
        counted += 1
        problem = _problem(response)
        if problem:
            kind = (problem.split(":")[0], "; ".join(raised))
            problems.setdefault(kind, []).append(
                (
                    case.operation.label,
                    f"{case.method} {case.formatted_path} query={case.query!r} body={_short(case.body)}",
                )
            )

    got_request_exception.connect(remember)
    try:
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                try:
                    _fuzz(operation, mode, records, send)
                except Unsatisfiable:
                    # an operation that reads no input and needs no credentials (GET /public/options) has no
                    # wrong request to make
                    assert mode == GenerationMode.NEGATIVE, operation.label
    finally:
        got_request_exception.disconnect(remember)
    print(f"\nfuzz cases run as {ROLES[role]} on {router}: {counted} over {len(operations)} operations")
    assert counted >= len(operations) * 2, "too few cases were generated"
    assert not problems, _summary(ROLES[role], counted, problems)


# --- what the fuzzer found, one reproducer each ------------------------------------------------------


def test_an_id_too_big_for_the_database_is_refused_with_a_message(api, records):
    """A list of user ids with one beyond 64 bits reached the database: 500 (OverflowError on SQLite)."""
    client = api("zj_centre")
    pk = records["disputes"][0]
    version = DisputeCase.objects.get(pk=pk).version
    response = client.post(
        f"/api/v1/disputes/{pk}/take-up",
        {"mediators": [10**30], "version": version},
        content_type="application/json",
    )
    assert 400 <= response.status_code < 500 and response.json()["detail"]


def test_a_page_number_too_big_for_the_database_is_refused_with_a_message(api, records):
    """?page= beyond 64 bits became an OFFSET the database refused: 500 (IntegrityError on SQLite)."""
    response = api("zj_centre").get(f"/api/v1/disputes/{records['disputes'][0]}/events?page={10**18}")
    assert 400 <= response.status_code < 500 and response.json()["detail"]


def test_a_malformed_id_in_the_path_is_answered_in_json(api):
    """/api/v1/…/{int:pk} with a pk that is not a non-negative integer never reaches the API: Django's URL
    resolver answers with its HTML 404 page instead of the API's JSON error."""
    response = api("zj_centre").get("/api/v1/disputes/-1")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _is_text(document: dict, schema: dict) -> bool:
    schema = _resolve(document, schema)
    return schema.get("type") == "string" or any(_is_text(document, s) for s in schema.get("anyOf", ()))


def _text_inputs(document: dict) -> list[tuple[str, str, str, str]]:
    """(method, path, where, name) of every text an operation reads from its query, JSON body or form."""
    found = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", ()):
                if parameter["in"] == "query" and _is_text(document, parameter["schema"]):
                    found.append((method, path, "query", parameter["name"]))
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                body = _resolve(document, content["schema"])
                for name, schema in body.get("properties", {}).items():
                    if _is_text(document, schema) and schema.get("format") != "binary":
                        found.append((method, path, media, name))
    return found


def test_a_nul_character_in_any_text_of_any_operation_is_a_422_naming_it(api):
    """Every text the API reads, from the OpenAPI document: NUL (which PostgreSQL cannot store or compare) is
    refused with a 422 that names the field, before the operation reads or writes anything."""
    client = api("admin")
    document = client.get("/api/v1/openapi.json").json()
    inputs = _text_inputs(document)
    assert len(inputs) > 100, len(inputs)
    refused = []
    for method, path, where, name in inputs:
        url = re.sub(r"{\w+}", "1", path)
        if where == "query":
            response = client.generic(method.upper(), f"{url}?{name}=%00")
        elif where == "application/json":
            response = client.generic(method.upper(), url, json.dumps({name: "\x00"}), "application/json")
        else:
            response = client.post(url, {name: "\x00"})
        body = response.json()
        if response.status_code == 422 and [e["field"] for e in body.get("errors", [])] == [name]:
            refused.append(name)
        else:
            print(method, path, where, name, response.status_code, body)
    assert len(refused) == len(inputs)
