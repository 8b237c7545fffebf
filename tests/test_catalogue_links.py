"""Two-way links: every item that names a slug in ``related`` is found, also after changes."""

from __future__ import annotations

import random

from cln_portal.content.catalogue import Catalogue, Entry


def catalogue_of(count: int, seed: int = 5) -> Catalogue:
    rng = random.Random(seed)
    catalogue = Catalogue()
    slugs = [f"item-{i}" for i in range(count)]
    for slug in slugs:
        catalogue.add(Entry("case study", slug, slug.title(), f"case-studies/{slug}/"))
        catalogue.related[slug] = rng.sample(slugs, 3) + [rng.choice(slugs)]  # repeats happen
    return catalogue


def scan(catalogue: Catalogue, slug: str) -> list[Entry]:
    """What linking_to means, written as the plain scan."""
    return [catalogue.entries[s] for s, targets in catalogue.related.items()
            if slug in targets and s in catalogue.entries]


def test_linking_to_finds_every_item_that_names_the_slug_in_order():
    catalogue = catalogue_of(300)
    for slug in catalogue.entries:
        assert catalogue.linking_to(slug, catalogue.related) == scan(catalogue, slug)


def test_links_added_or_removed_after_a_lookup_are_seen():
    catalogue = catalogue_of(50)
    before = catalogue.linking_to("item-7", catalogue.related)
    catalogue.add(Entry("episode", "new-episode", "New episode", "podcast/new-episode/"))
    catalogue.related["new-episode"] = ["item-7"]
    after = catalogue.linking_to("item-7", catalogue.related)
    assert after == before + [catalogue.entries["new-episode"]]
    del catalogue.related["new-episode"]
    catalogue.related.update({"item-1": ["item-7"]})
    assert catalogue.linking_to("item-7", catalogue.related) == scan(catalogue, "item-7")
    del catalogue.entries["item-1"]  # an item withdrawn from the site is not linked
    assert catalogue.linking_to("item-7", catalogue.related) == scan(catalogue, "item-7")


def test_a_plain_dict_of_links_works_too():
    catalogue = catalogue_of(20)
    plain = dict(catalogue.related)
    assert catalogue.linking_to("item-3", plain) == scan(catalogue, "item-3")


def test_a_slug_yaml_read_as_a_number_is_linked_as_its_text():
    """``related: [2009]`` names the item whose slug is "2009", as resolve() finds it."""
    catalogue = Catalogue()
    catalogue.add(Entry("column", "2009", "The year", "columns/2009/"))
    catalogue.add(Entry("case study", "a", "A", "case-studies/a/"))
    catalogue.related["a"] = [2009]
    assert catalogue.linking_to("2009", catalogue.related) == [catalogue.entries["a"]]
    assert catalogue.linking_to("2009", dict(catalogue.related)) == [catalogue.entries["a"]]


def test_an_entry_is_found_by_its_page_address_also_once_more_are_added():
    catalogue = Catalogue()
    first = Entry("case study", "one", "One", "case-studies/one/")
    catalogue.add(first)
    assert catalogue.at_url(first.url) is first and catalogue.at_url("nowhere/") is None
    second = Entry("episode", "two", "Two", "podcast/two/")
    catalogue.add(second)  # after a lookup: the index knows it too
    assert catalogue.at_url(second.url) is second and catalogue.at_url(first.url) is first
