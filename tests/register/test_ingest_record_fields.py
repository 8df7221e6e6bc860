"""A database record's fields: "Time:" gives the launch's clocks, "Launch site:" the site
and "Impact area:" the landing, with no verb around them; a field of another kind does not.
A page's stamp line opening with the outlet names the outlet."""

from __future__ import annotations

from launchwatch.register.ingest import ingest_text

RECORD = ("Launch Record 12\n\nDate: Monday, 2 March 2015\nTime: 06:32 and 06:41 KST\n"
          "Launch site: Nampo area, South Pyongan Province\nSystem: SRBM\nQuantity: 2\n"
          "Impact area: Sea of Japan\nOutcome: Successful\n")


def test_a_records_time_site_and_impact_fields() -> None:
    d = ingest_text(RECORD, reconstruct=False)
    assert [x.value.strftime("%Y-%m-%d %H:%M") for x in d.fields["times"]] == ["2015-03-01 21:32",
                                                                               "2015-03-01 21:41"]
    assert d.fields["site"].value.key == "nampo"
    assert d.fields["landing"].value.key == "sea-of-japan"


def test_a_place_in_another_field_is_neither_site_nor_landing() -> None:
    text = RECORD.replace("Launch site: Nampo area, South Pyongan Province\n", "").replace(
        "Impact area: Sea of Japan\n", "") + "Analyst: Nampo desk, Sea of Japan team\n"
    d = ingest_text(text, reconstruct=False)
    assert d.fields.get("site") is None and d.fields.get("landing") is None


def test_an_outlet_opening_the_stamp_line_is_the_reports_outlet() -> None:
    """"KYODO NEWS - Mar 9, 2020 - 12:47" above a "SEOUL -" lede: Kyodo reports it."""
    text = ("N. Korea fires projectiles\n\nKYODO NEWS - Mar 9, 2020 - 12:47 | World\n\n"
            "SEOUL - North Korea fired at least three projectiles on Monday, South Korea's military "
            "said.")
    reporters = [x.value for x in ingest_text(text, reconstruct=False).fields["reporters"]]
    assert "Kyodo" in reporters
