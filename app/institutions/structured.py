"""What a shared link to an institution shows: its schema.org GovernmentOrganization (JSON-LD)."""

from app.community.queries import get_community
from app.i18n import tr_text
from app.institutions.models import Institution
from app.urls import external_url


def organization(institution: Institution) -> dict:
    """The institution's public profile as a schema.org GovernmentOrganization, in the page's language."""
    address = {"@type": "PostalAddress", "addressLocality": tr_text(institution.settlement, "name"),
               "addressCountry": "AM"}
    if tr_text(institution, "address"):
        address["streetAddress"] = tr_text(institution, "address")
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": tr_text(institution, "name"),
        "url": external_url("institutions.institution", slug=institution.slug),
        "address": address,
    }
    for key, value in (("description", tr_text(institution, "description")), ("telephone", institution.phone),
                       ("email", institution.email), ("sameAs", institution.website)):
        if value:
            data[key] = value
    community = get_community()
    if community is not None:
        data["parentOrganization"] = {"@type": "GovernmentOrganization", "name": tr_text(community, "name"),
                                      "url": external_url("home.index")}
    return data
