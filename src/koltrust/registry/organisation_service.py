"""Organisations (businesses, media outlets, platforms, agencies): behaviour."""

from __future__ import annotations

from sqlalchemy.orm import Session

from koltrust.audit import service as audit
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.db.versioning import check_version
from koltrust.errors import Duplicate, NotFound, ValidationFailed
from koltrust.registry import repository
from koltrust.registry.models import Organisation
from koltrust.registry.schemas import OrganisationCreate, OrganisationFilters, OrganisationUpdate
from koltrust.registry.slugs import unique_slug
from koltrust.text.fold import fold


def get_organisation(session: Session, *, actor: Actor, slug: str) -> Organisation:
    """The organisation with ``slug``; NotFound otherwise."""
    authorize(actor, Action.READ_REGISTRY)
    organisation = repository.organisation_by_slug(session, slug)
    if organisation is None:
        raise NotFound(f"No organisation with slug '{slug}'", slug=slug)
    return organisation


def search_organisations(
    session: Session, *, actor: Actor, filters: OrganisationFilters, page: int, per_page: int
) -> tuple[list[Organisation], int]:
    """One page of organisations and the total number of matches."""
    authorize(actor, Action.READ_REGISTRY)
    return repository.search_organisations(
        session, filters, offset=(page - 1) * per_page, limit=per_page
    )


def create_organisation(
    session: Session, *, actor: Actor, data: OrganisationCreate
) -> Organisation:
    """Register an organisation; its tax code identifies it."""
    authorize(actor, Action.MANAGE_ORGANISATIONS)
    existing = repository.organisation_by_tax_code(session, data.tax_code)
    if existing is not None:
        raise Duplicate(
            f"Tax code {data.tax_code} is already registered to '{existing.name}'",
            tax_code=data.tax_code,
            owner=existing.slug,
        )
    if data.slug and repository.slug_taken(session, Organisation, data.slug):
        raise Duplicate(f"An organisation with slug '{data.slug}' already exists", slug=data.slug)
    slug = data.slug or unique_slug(
        data.name, lambda s: repository.slug_taken(session, Organisation, s)
    )
    organisation = Organisation(
        slug=slug,
        name=data.name,
        kind=data.kind,
        tax_code=data.tax_code,
        website=str(data.website) if data.website else None,
        province=data.province,
        search_text=fold(f"{data.name} {slug} {data.tax_code}"),
    )
    session.add(organisation)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="organisation.create",
        entity_type="organisation",
        entity_id=slug,
        data={"name": data.name, "kind": data.kind.value},
    )
    return organisation


def update_organisation(
    session: Session, *, actor: Actor, slug: str, changes: OrganisationUpdate
) -> Organisation:
    """Change the given fields of an organisation."""
    organisation = get_organisation(session, actor=actor, slug=slug)
    authorize(actor, Action.MANAGE_ORGANISATIONS)
    check_version(organisation.version, changes.version, slug)
    fields = changes.model_dump(exclude_unset=True, exclude={"version"})
    for name in fields:
        value = getattr(changes, name)
        if value is None and name in {"name", "kind", "trusted_flagger"}:
            raise ValidationFailed(f"'{name}' cannot be set to null", field=name)
        setattr(organisation, name, str(value) if name == "website" and value else value)
    organisation.search_text = fold(f"{organisation.name} {slug} {organisation.tax_code}")
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="organisation.update",
        entity_type="organisation",
        entity_id=slug,
        data={"fields": sorted(fields)},
    )
    return organisation


def delete_organisation(session: Session, *, actor: Actor, slug: str) -> None:
    """Remove an organisation and its membership (the audit log keeps the fact)."""
    organisation = get_organisation(session, actor=actor, slug=slug)
    authorize(actor, Action.MANAGE_ORGANISATIONS)
    session.delete(organisation)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="organisation.delete",
        entity_type="organisation",
        entity_id=slug,
        data={},
    )
