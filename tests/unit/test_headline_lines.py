"""A headline or subhead line without final punctuation ends a sentence; wrapped wire copy is still
joined across its line breaks. Self-written texts only."""

from __future__ import annotations

from datetime import datetime, timezone

from newsalert.ingest import html_to_article, parse_bytes
from newsalert.models import Article
from processors.detectors import detect_events
from processors.detectors.sentences import normalise, split_sentences

WHEN = datetime(2026, 5, 1, tzinfo=timezone.utc)


def sentences(text: str, title: str | None = None) -> list[str]:
    return split_sentences(normalise(text, title))


def test_an_unpunctuated_first_line_is_its_own_sentence():
    text = ("Canada weighs lumber retaliation\n"
            "The United States will impose a 25% tariff on steel from China from June 4, officials said.")
    assert sentences(text) == ["Canada weighs lumber retaliation",
                               "The United States will impose a 25% tariff on steel from China from June 4, officials said."]


def test_subheads_inside_a_text_end_a_sentence_too():
    text = ("Ministers met in Geneva on Friday to discuss the dispute over solar panels, which has run for a year and "
            "more.\nMarkets react\nShares of panel makers rose 4% in early trading after the meeting was announced.")
    assert sentences(text)[1:] == ["Markets react",
                                   "Shares of panel makers rose 4% in early trading after the meeting was announced."]


def test_wrapped_wire_copy_is_still_joined_across_its_line_breaks():
    wire = ("The trade ministry said on Tuesday it would\n"
            "raise duties on imported sugar to 40 pct from\n"
            "20 pct, citing a surge in shipments from the\n"
            "United States and Brazil since January.\n"
            "    Officials in Washington did not comment.\n")
    assert sentences(wire) == [
        "The trade ministry said on Tuesday it would raise duties on imported sugar to 40 pct from 20 pct, citing a "
        "surge in shipments from the United States and Brazil since January.",
        "Officials in Washington did not comment.",
    ]


def test_in_wrapped_copy_a_first_line_repeating_the_title_is_the_headline():
    wire = ("Sugar duty doubled\n"
            "The trade ministry said on Tuesday it would\n"
            "raise duties on imported sugar to 40 pct from\n"
            "20 pct, citing a surge in shipments from the\n"
            "United States and Brazil since January.\n")
    assert sentences(wire, title="SUGAR DUTY DOUBLED")[0] == "Sugar duty doubled"
    assert sentences(wire)[0].startswith("Sugar duty doubled The trade ministry")  # without the title: undecidable


def test_a_line_ending_on_a_function_word_goes_on():
    text = ("Airlines are offering refunds to travellers whose plans were dashed by the storm. On land, the\n"
            "Coast Guard said beaches would close on Saturday and reopen once the winds had dropped below gale force.")
    assert len(sentences(text)) == 2 and sentences(text)[1].startswith("On land, the Coast Guard")


def test_detection_evidence_no_longer_starts_with_the_headline():
    article = Article(id="h1", title="Steel tariff set", published=WHEN, text=(
        "Canada weighs lumber retaliation\n"
        "The United States will impose a 25% tariff on steel from China from June 4, the trade office said on Monday."))
    [event] = [e for e in detect_events(article) if e.type == "tariff_action"]
    assert event.evidence[0].startswith("The United States will impose")
    assert "lumber" not in event.evidence[0] and event.goods == "steel"


def test_an_html_page_s_headline_is_the_title_not_the_first_sentence():
    page = ("<!doctype html><html><head><title>Levy on bicycles</title></head><body><article>"
            "<h1>Ruritania puts a levy on imported bicycles</h1>"
            "<p>Ruritania will charge a 12% levy on bicycles imported from Freedonia from the first of March, the trade "
            "ministry said on Tuesday after months of complaints from domestic frame makers about cheap imports.</p>"
            "<h2>A review in two years</h2>"
            "<p>The ministry said the levy would stay in place for at least two years and then be reviewed by a panel "
            "of independent economists appointed by the assembly.</p></article></body></html>")
    article = html_to_article(page, origin_id="p1", published=WHEN)
    assert article.title == "Ruritania puts a levy on imported bicycles"
    assert article.text.startswith("Ruritania will charge a 12% levy")  # the headline line is not repeated
    assert sentences(article.text, article.title)[:2] == [
        "Ruritania will charge a 12% levy on bicycles imported from Freedonia from the first of March, the trade "
        "ministry said on Tuesday after months of complaints from domestic frame makers about cheap imports.",
        "A review in two years",
    ]


def test_a_plain_text_s_first_line_is_the_title_and_not_in_the_body():
    [item] = parse_bytes(b"Freedonia lifts fruit ban\nFreedonia lifted its ban on apples from Ruritania on Monday.\n",
                         name="story.txt", published=WHEN)
    assert item.article is not None
    assert item.article.title == "Freedonia lifts fruit ban"
    assert item.article.text == "Freedonia lifted its ban on apples from Ruritania on Monday."
