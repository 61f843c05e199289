"""Reference code lists shipped with renshe, loaded by migration 0002 and, when a test database has been
flushed, again by the demo builder."""

from . import dictionaries, industries, regions


def load(industry_model, region_model, entry_model) -> None:
    """Insert the code lists into empty tables. Takes the model classes so a migration can pass its
    historical models."""
    if not industry_model.objects.exists():
        sections = {
            code: industry_model.objects.create(code=code, name=name) for code, name in industries.SECTIONS
        }
        industry_model.objects.bulk_create(
            industry_model(code=code, name=name, parent=sections[section])
            for code, name, section in industries.DIVISIONS
        )
    if not region_model.objects.exists():
        by_code = {}
        for code, name, parent in regions.REGIONS:
            by_code[code] = region_model.objects.create(code=code, name=name, parent=by_code.get(parent))
    if not entry_model.objects.exists():
        for dictionary, rows in (
            ("case_type", dictionaries.CASE_TYPES),
            ("claim_type", dictionaries.CLAIM_TYPES),
        ):
            entry_model.objects.bulk_create(
                entry_model(dictionary=dictionary, code=code, label=label, label_en=en, sort_order=i)
                for i, (code, label, en) in enumerate(rows)
            )
