"""Which stored area each area of a (revised) document is: by the file's key, the heading, or a close
heading in the same place."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.area_identity import AreaIds, DocumentArea, Placed, StoredArea, area_slug, place_areas
from storage import repo
from storage.db import Database

STORED = [
    StoredArea(1, "crisis", "International peace and crisis management", 0),
    StoredArea(2, "maritime", "Maritime Security, including operations", 1),
    StoredArea(
        3,
        "approaches-to-resilience-of-critical-infrastructure",
        "Approaches to resilience of critical infrastructure",
        2,
    ),
    StoredArea(4, "counterterrorism-ct", "Counterterrorism (CT), preventing/countering violent extremism (P/CVE)", 3),
    StoredArea(5, "space-security-and-defence", "Space security and defence", 4),
]


def test_the_files_key_finds_its_area_whatever_the_heading_says_now() -> None:
    placed = place_areas(STORED, [DocumentArea("Freedom of navigation at sea", "maritime")])
    assert placed == [Placed("Freedom of navigation at sea", "maritime", 2)]


def test_an_unchanged_heading_is_its_area_and_keeps_its_slug() -> None:
    placed = place_areas(STORED, [DocumentArea("Space security and defence", None)])
    assert placed == [Placed("Space security and defence", "space-security-and-defence", 5)]


def test_a_reworded_heading_in_the_same_place_is_its_area_even_after_an_area_was_added_before_it() -> None:
    document = [
        DocumentArea("International peace and crisis management", "crisis"),
        DocumentArea("Emerging and disruptive technologies", None),  # new, before the reworded ones
        DocumentArea("Maritime Security, including operations", "maritime"),
        DocumentArea("Resilience of critical infrastructure", None),
        DocumentArea("Counter-terrorism (CT) and preventing/countering violent extremism (P/CVE)", None),
        DocumentArea("Space security and defence", None),
    ]
    placed = place_areas(STORED, document)
    assert [(p.key, p.row_id) for p in placed] == [
        ("crisis", 1),
        ("emerging-and-disruptive-technologies", None),
        ("maritime", 2),
        ("approaches-to-resilience-of-critical-infrastructure", 3),  # the slug fixed on first sight stays
        ("counterterrorism-ct", 4),
        ("space-security-and-defence", 5),
    ]


def test_a_new_area_where_another_was_dropped_is_new_and_the_dropped_one_keeps_its_row() -> None:
    document = [
        DocumentArea("International peace and crisis management", "crisis"),
        DocumentArea("Maritime Security, including operations", "maritime"),
        DocumentArea("Women, Peace and Security", None),  # in the place of resilience and counter-terrorism
        DocumentArea("Space security and defence", None),
    ]
    placed = place_areas(STORED, document)
    assert placed[2] == Placed("Women, Peace and Security", "women-peace-and-security", None)


def test_a_close_heading_elsewhere_in_the_text_is_not_taken_for_the_area() -> None:
    # "Space security and defence" moved before maritime and reworded: not in its place, so a new area
    document = [
        DocumentArea("International peace and crisis management", "crisis"),
        DocumentArea("Space security and space defence", None),
        DocumentArea("Maritime Security, including operations", "maritime"),
        DocumentArea("Approaches to resilience of critical infrastructure", None),
        DocumentArea("Counterterrorism (CT), preventing/countering violent extremism (P/CVE)", None),
    ]
    assert place_areas(STORED, document)[1].row_id is None


def test_a_key_the_file_gives_an_area_it_did_not_name_before_replaces_the_slug() -> None:
    placed = place_areas(STORED, [DocumentArea("Approaches to resilience of critical infrastructure", "resilience")])
    assert placed == [Placed("Approaches to resilience of critical infrastructure", "resilience", 3)]


def test_a_new_areas_slug_taken_by_a_stored_area_is_numbered() -> None:
    stored = [StoredArea(1, "cyber-issues", "Countering hybrid threats", 0)]  # a key the file once gave another area
    document = [DocumentArea("Maritime security", "maritime"), DocumentArea("Cyber issues", None)]
    assert [(p.key, p.row_id) for p in place_areas(stored, document)] == [("maritime", None), ("cyber-issues-2", None)]


def test_a_long_heading_is_cut_at_a_word() -> None:
    slug = area_slug("International peace and crisis management, including peacekeeping operations and CSDP missions")
    assert slug == "international-peace-and-crisis-management-including"


def test_ids_name_the_documents_area_before_a_dropped_one_with_the_same_heading() -> None:
    ids = AreaIds([StoredArea(7, "cyber", "Cyber issues", 2), StoredArea(3, "cyber-old", "Cyber issues", 9)], ["cyber"])
    assert ids.id("Cyber issues") == 7
    assert ids.by_id(3).key == "cyber-old" and ids.by_key("cyber-old") == StoredArea(3, "cyber-old", "Cyber issues", 9)


async def test_an_area_the_file_names_by_a_long_heading_is_stored_on_every_backend(database_url: str) -> None:
    """A file may name an area by its whole heading, which is then its key: one over 100 characters stopped
    the bot from starting on PostgreSQL."""
    heading = "External aspects of " + "cooperation on resilience and preparedness, " * 5 + "and related matters"
    key = heading
    assert len(key) > 200
    database = Database(database_url)
    try:
        await database.upgrade()
        async with database.session() as session:
            await repo.sync_areas(session, [repo.AreaInput(None, key, heading, ())], datetime(2027, 1, 1, tzinfo=UTC))
        async with database.sessions() as session:
            assert [(a.key, a.title) for a in await repo.stored_areas(session)] == [(key, heading)]
    finally:
        await database.close()
